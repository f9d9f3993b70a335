package io.vfmigrate.app.schedule;

import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.RollingRequest;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.Schedule;
import io.vfmigrate.model.TimedIds;
import io.vfmigrate.ports.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * `schedule add`: checks everything first (host or hosts, destinations, workflow, limits, the time or the cron
 * expression, a first run in the future), and only then stores the schedule and queues its first run;
 * a refusal (a {@link ConfigException}) stores nothing and creates no store.
 */
public final class AddSchedule {
    /** The option of a rolling schedule's options that says its hosts are every inventory host when it runs. */
    public static final String ALL = "all";

    private final Services s;
    private final Schedules schedules;
    private final ScheduleTimes times;
    private final BiConsumer<String, Instant> enqueue;

    /** {@code enqueue}: hands the schedule's first run to the scheduler (id, time). */
    public AddSchedule(Services s, Schedules schedules, ScheduleTimes times, BiConsumer<String, Instant> enqueue) {
        this.s = s;
        this.schedules = schedules;
        this.times = times;
        this.enqueue = enqueue;
    }

    public record Added(Schedule schedule, List<Instant> nextRuns) {}

    public Added add(EvacuationRequestSpec spec, Schedule.Timing timing, Optional<Duration> window) {
        s.inventory().host(spec.host());
        for (String to : spec.to()) {
            s.inventory().host(to);
            if (to.equals(spec.host())) throw new ConfigException("--to " + to + " is the host being evacuated");
        }
        checkEvacuation(spec);
        return store(Schedule.Action.EVACUATE, spec.host(), spec.options(), timing, window);
    }

    /**
     * A rolling maintenance ({@code request} checked as `rolling` checks it); with {@code all}, its hosts are read again from
     * the inventory when each run starts (every host, by name).
     */
    public Added addRolling(RollingRequest request, boolean all, Schedule.Timing timing, Optional<Duration> window) {
        request.check(s.inventory());
        checkEvacuation(request.evacuation());
        Map<String, String> options = new HashMap<>(request.options());
        if (all) options.put(ALL, "true");
        return store(Schedule.Action.ROLLING, "", options, timing, window);
    }

    private void checkEvacuation(EvacuationRequestSpec spec) {
        int most = EvacuationRequestSpec.MOST_AT_ONCE;
        if (spec.parallel() < 1 || spec.parallel() > most) throw new ConfigException("--parallel must be 1.." + most + ", not " + spec.parallel());
        if (spec.maxPerDestination() < 1 || spec.maxPerDestination() > most) {
            throw new ConfigException("--max-per-destination must be 1.." + most + ", not " + spec.maxPerDestination());
        }
        s.workflows().load(spec.workflow());
    }

    private Added store(Schedule.Action action, String host, Map<String, String> options, Schedule.Timing timing, Optional<Duration> window) {
        if (window.isPresent() && (window.get().isNegative() || window.get().isZero() || window.get().compareTo(Duration.ofDays(7)) > 0)) {
            throw new ConfigException("--window must be more than 0 and at most 7d, not " + window.get());
        }
        Instant now = s.clock().instant();
        List<Instant> next = times.next(timing, now, 3);
        if (next.isEmpty()) {
            throw new ConfigException(timing.kind() == Schedule.Kind.AT ? "--at " + timing.expression() + " is in the past (now: " + now + ")"
                    : "--cron '" + timing.expression() + "' matches no date after " + now + ": it would never run");
        }
        Schedule schedule = new Schedule(TimedIds.fresh('s', now, id -> schedules.find(id).isPresent(), TimedIds.RANDOM_SUFFIX), action, host, timing, window, options, now, s.coordinator(), Optional.empty(), Optional.empty());
        schedules.add(schedule);
        enqueue.accept(schedule.id(), next.get(0));
        return new Added(schedule, next);
    }
}
