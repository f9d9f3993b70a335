package io.vfmigrate.ports;

/** What `serve` reports about schedules, evacuations and rollings (metrics, logs); every method is a no-op by default. */
public interface ServeEvents {
    default void due(String scheduleId, boolean late) {}
    default void takenOver(String scheduleId, String evacuationId) {}
    default void evacuationEnded(String scheduleId, String evacuationId, int exitCode) {}
    /** A host of a scheduled rolling ended, with {@code result} as the rolling's table says (returned, failed, stopped, not-started). */
    default void rollingHostEnded(String scheduleId, String rollingId, String host, String result) {}

    ServeEvents NONE = new ServeEvents() {};
}
