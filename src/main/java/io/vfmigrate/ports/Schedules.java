package io.vfmigrate.ports;

import io.vfmigrate.model.Schedule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Scheduled evacuations, in the same store as the journal; every coordinator sharing it sees them. */
public interface Schedules {
    void add(Schedule schedule);

    List<Schedule> all();

    Optional<Schedule> find(String id);

    /** Whether it existed. */
    boolean remove(String id);

    /** A run due at {@code planned} starts (or is picked up again). */
    void running(String id, Instant planned);

    /** The run ended: it is the schedule's last run, and nothing is running any more. */
    void finished(String id, Schedule.LastRun last);
}
