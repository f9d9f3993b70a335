package io.vfmigrate.app.schedule;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.Evacuations;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Rollings;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.Schedule;
import io.vfmigrate.ports.DestinationBreakers;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.ports.Schedules;
import io.vfmigrate.ports.ServeEvents;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one due schedule for `serve`: a fresh evacuation, or, when the schedule was left running (its
 * `serve` died or stopped), the RESUME of the evacuation it had started, never a second one; a rolling
 * schedule likewise ({@link ScheduledRolling}). Returns when the schedule is due next (empty: never again).
 */
public final class ScheduledRuns {
    /** A run that starts later than this after its time counts as late. */
    static final Duration LATE = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);

    private final Services s;
    private final Evacuations evacuations;
    private final Rollings rollings;
    private final Schedules schedules;
    private final ScheduleTimes times;
    private final Supplier<DestinationBreakers> breakers;
    private final MoveGate stopping;
    private final RunListener observer;
    private final ServeEvents events;

    public ScheduledRuns(Services s, Evacuations evacuations, Rollings rollings, Schedules schedules, ScheduleTimes times,
                         Supplier<DestinationBreakers> breakers, MoveGate stopping, RunListener observer, ServeEvents events) {
        this.s = s;
        this.evacuations = evacuations;
        this.rollings = rollings;
        this.schedules = schedules;
        this.times = times;
        this.breakers = breakers;
        this.stopping = stopping;
        this.observer = observer;
        this.events = events;
    }

    public Optional<Instant> run(String id, Instant due) {
        Optional<Schedule> found = schedules.find(id);
        if (found.isEmpty()) return Optional.empty(); // removed meanwhile
        Schedule schedule = found.get();
        Instant planned = schedule.running().orElse(due);
        events.due(id, s.clock().instant().isAfter(planned.plus(LATE)));
        Optional<Instant> again = schedule.action() == Schedule.Action.ROLLING
                ? new ScheduledRolling(s, rollings, schedules, evacuation(MoveGate.OPEN), stopping, events).run(schedule, planned)
                : evacuate(schedule, planned);
        return again.isPresent() ? again : next(schedule, planned);
    }

    /** Each VM move of the schedule's evacuation (or rolling), gated by {@code window} and the serve's stop. */
    private Evacuations.Evacuation evacuation(MoveGate window) {
        return evacuations.with(Evacuations.Controls.of(breakers.get()).gate(window.and(stopping)).observer(observer));
    }

    /** Returns when to run it again soon (left open, or its lease not expired yet), else empty. */
    private Optional<Instant> evacuate(Schedule schedule, Instant planned) {
        String id = schedule.id();
        Optional<RunRecord> open = openEvacuation(schedule.host());
        if (open.isPresent() && schedule.running().isEmpty()) {
            schedules.finished(id, new Schedule.LastRun(planned, Optional.of(open.get().id()),
                    "skipped: " + schedule.host() + " was already being evacuated by " + open.get().id()));
            return Optional.empty();
        }
        if (open.isPresent()) {
            Optional<Leases.Holder> holder = s.leases().holder(Leases.vmKey(ParentRuns.evacuationOf(schedule.host())))
                    .filter(h -> !s.deadHolders().isDead(h) && h.expires().isAfter(s.clock().instant()));
            if (holder.isPresent()) return Optional.of(holder.get().expires().plusSeconds(1)); // its lease must expire first
            events.takenOver(id, open.get().id());
            LOG.warn("schedule {}: resuming evacuation {} left by coordinator {}", id, open.get().id(), open.get().coordinator());
        }
        schedules.running(id, planned);
        Evacuations.Evacuation evacuate = evacuation(ScheduleTimes.windowEnd(schedule, planned).map(end -> MoveGate.until(end, s.clock()))
                .orElse(MoveGate.OPEN));
        LOG.info("schedule {}: evacuating {} (due {})", id, schedule.host(), planned);
        EvacuationResult r;
        try {
            r = open.isPresent() ? evacuate.resume(open.get().id(), EvacuationProgress.NONE)
                    : evacuate.run(EvacuationRequestSpec.of(schedule.options()), EvacuationProgress.NONE);
        } catch (ConfigException e) {
            // refused before any change (the host's evacuation lease taken meanwhile, an inventory that changed)
            LOG.warn("schedule {}: refused: {}", id, e.getMessage());
            schedules.finished(id, new Schedule.LastRun(planned, open.map(RunRecord::id), "refused: " + e.getMessage()));
            return Optional.empty();
        }
        if (r.leftOpen()) return Optional.of(s.clock().instant()); // this serve stops: another one resumes it at once
        r.evacuationId().ifPresent(e -> events.evacuationEnded(id, e, r.exitCode()));
        schedules.finished(id, new Schedule.LastRun(planned, r.evacuationId(), ScheduleResults.describe(r)));
        return Optional.empty();
    }

    /** The first run after this one and after now: runs missed while no serve ran are not made up. */
    private Optional<Instant> next(Schedule schedule, Instant planned) {
        Instant now = s.clock().instant();
        return times.next(schedule.timing(), now.isAfter(planned) ? now : planned);
    }

    private Optional<RunRecord> openEvacuation(String host) {
        String vm = ParentRuns.evacuationOf(host);
        return s.journal().runs(false).stream().filter(r -> ParentRuns.isEvacuation(r) && r.vm().equals(vm)).findFirst();
    }
}
