package io.vfmigrate.app.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.scheduler.UnixCronRules;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.fakes.FakeClock;
import io.vfmigrate.model.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Next runs of schedules, on a fake clock: cron in time zones, across DST changes, one-off times, windows. */
class ScheduleTimesTest {
    final ScheduleTimes times = new ScheduleTimes(new UnixCronRules());
    final ZoneId berlin = ZoneId.of("Europe/Berlin");

    static Schedule.Timing cron(String expr, ZoneId zone) { return new Schedule.Timing(Schedule.Kind.CRON, expr, zone); }

    static List<Instant> instants(String... texts) { return java.util.Arrays.stream(texts).map(Instant::parse).toList(); }

    @Test
    void sundayAtTwoInBerlinIsOneInTheMorningUtcInWinter() {
        assertEquals(instants("2026-12-06T01:00:00Z", "2026-12-13T01:00:00Z", "2026-12-20T01:00:00Z"),
                times.next(cron("0 2 * * SUN", berlin), Instant.parse("2026-11-30T16:00:00Z"), 3));
    }

    @Test
    void theSameCronInUtcAndInSummerTime() {
        assertEquals(instants("2026-12-06T02:00:00Z"), times.next(cron("0 2 * * 0", ZoneId.of("UTC")), Instant.parse("2026-11-30T16:00:00Z"), 1));
        assertEquals(instants("2026-07-05T00:00:00Z"), times.next(cron("0 2 * * 7", berlin), Instant.parse("2026-07-01T00:00:00Z"), 1));
    }

    @Test
    void springForwardDoesNotLoseTheNightsRun() {
        // 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that night
        List<Instant> runs = times.next(cron("30 2 * * *", berlin), Instant.parse("2026-03-28T12:00:00Z"), 3);
        assertEquals(Instant.parse("2026-03-29T01:00:00Z"), runs.get(0), runs::toString); // at the jump, 03:00 CEST
        assertEquals(Instant.parse("2026-03-30T00:30:00Z"), runs.get(1), runs::toString);
    }

    @Test
    void fallBackRunsTheRepeatedHourOnce() {
        // 2026-10-25 in Berlin: 03:00 CEST goes back to 02:00 CET, so 02:30 happens twice
        List<Instant> runs = times.next(cron("30 2 * * *", berlin), Instant.parse("2026-10-24T12:00:00Z"), 3);
        assertEquals(1, runs.stream().filter(i -> i.atZone(berlin).toLocalDate().toString().equals("2026-10-25")).count(), runs::toString);
        assertEquals(Instant.parse("2026-10-26T01:30:00Z"), runs.get(1), runs::toString);
    }

    @Test
    void stepsListsAndRanges() {
        assertEquals(instants("2026-11-30T16:15:00Z", "2026-11-30T16:30:00Z", "2026-11-30T16:45:00Z"),
                times.next(cron("*/15 8-17 * * MON-FRI", ZoneId.of("UTC")), Instant.parse("2026-11-30T16:00:00Z"), 3));
    }

    @Test
    void aOneOffTimeRunsOnceAndNotWhenPast() {
        FakeClock clock = new FakeClock();
        Schedule.Timing at = new Schedule.Timing(Schedule.Kind.AT, "2026-11-24T13:00:00Z", ZoneId.of("UTC"));
        assertEquals(instants("2026-11-24T13:00:00Z"), times.next(at, clock.instant(), 3));
        clock.sleep(Duration.ofHours(1));
        assertEquals(List.of(), times.next(at, clock.instant(), 3));
    }

    @Test
    void badCronExpressionsAreRefusedNamingThem() {
        UnixCronRules rules = new UnixCronRules();
        for (String bad : List.of("0 2 * *", "0 2 * * * *", "61 2 * * *", "0 25 * * *", "0 2 * * FUNDAY", "x y z w v")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rules.check(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        rules.check("0 2 * * SUN");
    }

    @Test
    void aWindowEndsThatLongAfterTheRunsTime() {
        Schedule s = new Schedule("s1", Schedule.Action.EVACUATE, "host-a", cron("0 2 * * *", berlin), Optional.of(Duration.ofHours(2)), Map.of(),
                Instant.EPOCH, "me", Optional.empty(), Optional.empty());
        assertEquals(Optional.of(Instant.parse("2026-12-06T03:00:00Z")), ScheduleTimes.windowEnd(s, Instant.parse("2026-12-06T01:00:00Z")));
        FakeClock clock = new FakeClock();
        MoveGate gate = MoveGate.until(clock.instant().plusSeconds(60), clock);
        assertTrue(gate.closed().isEmpty());
        clock.sleep(Duration.ofSeconds(60));
        assertEquals("the window closed at 2026-11-24T12:01:00Z", gate.closed().orElseThrow().reason());
    }
}
