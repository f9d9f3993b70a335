package io.vfmigrate.app;

/** Live progress of an evacuation, one call per event; every method is a no-op by default. */
public interface EvacuationProgress {
    default void moveStarted(String vm, String destination, String workflow, int attempt) {}
    default void stepStarted(String vm, String destination, int index, String type) {}
    default void stepEnded(String vm, String destination, int index, String type, java.time.Duration took, boolean ok) {}
    default void replaced(String vm, String from, String to, String why) {}
    default void moveEnded(VmMoveOutcome outcome) {}
    /** The move waits for a move slot in the state store (other coordinators' moves hold them); told once per reason. */
    default void waiting(String vm, String destination, String why) {}

    EvacuationProgress NONE = new EvacuationProgress() {};
}
