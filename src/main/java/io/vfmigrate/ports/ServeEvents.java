package io.vfmigrate.ports;

/** What `serve` reports about schedules and evacuations (metrics, logs); every method is a no-op by default. */
public interface ServeEvents {
    default void due(String scheduleId, boolean late) {}
    default void takenOver(String scheduleId, String evacuationId) {}
    default void evacuationEnded(String scheduleId, String evacuationId, int exitCode) {}

    ServeEvents NONE = new ServeEvents() {};
}
