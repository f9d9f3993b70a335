package io.vfmigrate.app.schedule;

import io.vfmigrate.app.Evacuations;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.RollingHostRow;
import io.vfmigrate.app.RollingProgress;
import io.vfmigrate.app.RollingRequest;
import io.vfmigrate.app.RollingResult;
import io.vfmigrate.app.Rollings;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.Schedule;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.ports.Schedules;
import io.vfmigrate.ports.ServeEvents;
import io.vfmigrate.workflow.StopRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A due rolling schedule: a fresh rolling maintenance, its record marked with the schedule and the run's time; or, when
 * a record so marked exists (its `serve` died or stopped), that one resumed (or, if it ended meanwhile, its end recorded),
 * never a second one. The window gates the next host only: the host in progress finishes its evacuation, hook, health
 * gate and moves back; then no new host starts, and the rolling ends naming the hosts left. A stopping `serve` stops it
 * at the next phase, left open for the next pick-up.
 */
final class ScheduledRolling {
    /** The marks on a scheduled rolling's record: the schedule, and the planned time of the run that started it. */
    static final String SCHEDULE = "schedule";
    static final String PLANNED = "schedule-planned";
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRolling.class);

    private final Services s;
    private final Rollings rollings;
    private final Schedules schedules;
    private final Evacuations.Evacuation evacuation;
    private final MoveGate stopping;
    private final ServeEvents events;

    /** {@code evacuation}: each host's moves, gated by {@code stopping} alone (never by the window: the host in progress finishes). */
    ScheduledRolling(Services s, Rollings rollings, Schedules schedules, Evacuations.Evacuation evacuation, MoveGate stopping, ServeEvents events) {
        this.s = s;
        this.rollings = rollings;
        this.schedules = schedules;
        this.evacuation = evacuation;
        this.stopping = stopping;
        this.events = events;
    }

    /** Runs it; returns when to run the schedule again soon (the rolling left open, or its lease not expired yet), else empty. */
    Optional<Instant> run(Schedule schedule, Instant planned) {
        String id = schedule.id();
        Optional<RunRecord> earlier = s.journal().runsOf(ParentRuns.ROLLING_VM).stream()
                .filter(r -> id.equals(r.params().get(SCHEDULE)) && planned.toString().equals(r.params().get(PLANNED))).findFirst();
        if (earlier.isPresent() && !earlier.get().state().isOpen()) {
            schedules.finished(id, new Schedule.LastRun(planned, Optional.of(earlier.get().id()), "ended " + earlier.get().state()
                    + " before its serve recorded it: `vfmigrate show " + earlier.get().id() + "`"));
            return Optional.empty();
        }
        if (earlier.isPresent()) {
            Optional<Leases.Holder> holder = s.leases().holder(Leases.vmKey(ParentRuns.ROLLING_VM))
                    .filter(h -> h.runId().equals(earlier.get().id()) && !s.deadHolders().isDead(h) && h.expires().isAfter(s.clock().instant()));
            if (holder.isPresent()) return Optional.of(holder.get().expires().plusSeconds(1)); // its lease must expire first
            events.takenOver(id, earlier.get().id());
            LOG.warn("schedule {}: resuming rolling {} left by coordinator {}", id, earlier.get().id(), earlier.get().coordinator());
        }
        schedules.running(id, planned);
        MoveGate window = ScheduleTimes.windowEnd(schedule, planned).map(end -> MoveGate.until(end, s.clock())).orElse(MoveGate.OPEN);
        Counted counted = new Counted(id);
        Rollings.Controls controls = new Rollings.Controls(evacuation, counted,
                StopRequest.of(() -> stopping.closed().isPresent(), () -> "a stopping serve"), window);
        RollingResult r;
        try {
            if (earlier.isPresent()) {
                r = rollings.resume(earlier.get().id(), controls);
            } else {
                RollingRequest request = request(schedule);
                LOG.info("schedule {}: rolling maintenance over {} (due {})", id, String.join(", ", request.hosts()), planned);
                r = rollings.run(request, Map.of(SCHEDULE, id, PLANNED, planned.toString()), controls);
            }
        } catch (ConfigException e) {
            // refused before any change (a host in maintenance already, another rolling under way, an inventory that changed)
            LOG.warn("schedule {}: refused: {}", id, e.getMessage());
            schedules.finished(id, new Schedule.LastRun(planned, earlier.map(RunRecord::id), "refused: " + e.getMessage()));
            return Optional.empty();
        }
        for (RollingHostRow row : r.rows()) {
            boolean decidedHere = r.leftOpen() ? row.result() == RollingHostRow.Result.STOPPED : row.result() == RollingHostRow.Result.NOT_STARTED;
            if (decidedHere) events.rollingHostEnded(id, r.rollingId(), row.host(), row.result().label());
        }
        if (r.leftOpen()) return Optional.of(s.clock().instant()); // this serve stops: another one resumes it at once
        schedules.finished(id, new Schedule.LastRun(planned, Optional.of(r.rollingId()), ScheduleResults.describe(r)));
        return Optional.empty();
    }

    /** The request the schedule keeps; with `--all`, over the inventory's hosts as they are now. */
    private RollingRequest request(Schedule schedule) {
        RollingRequest kept = RollingRequest.of(schedule.options());
        if (!Boolean.parseBoolean(schedule.options().get(AddSchedule.ALL))) return kept;
        List<String> all = s.inventory().hosts().keySet().stream().sorted().toList();
        if (all.isEmpty()) throw new ConfigException("--all: the inventory has no host");
        return kept.withHosts(all);
    }

    /** Hears each host that returned or failed, as it happens (the hosts ended before a resume are not heard again). */
    private final class Counted implements RollingProgress {
        private final String scheduleId;
        private volatile String rollingId = "";

        Counted(String scheduleId) { this.scheduleId = scheduleId; }

        @Override public void started(String id, List<String> hosts, boolean resumed) { rollingId = id; }

        @Override public void hostReturned(RollingHostRow row) { events.rollingHostEnded(scheduleId, rollingId, row.host(), row.result().label()); }

        @Override public void hostFailed(RollingHostRow row) { events.rollingHostEnded(scheduleId, rollingId, row.host(), row.result().label()); }
    }
}
