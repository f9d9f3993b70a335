package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Whether a plain run was measured on the guest (no lab needed). */
class BenchmarkSampleTest {
    private static final String MAC = "52:54:00:c0:00:11";
    private static final StepTimeline MIGRATE = new StepTimeline(List.of(new StepTimeline.Interval("migrate", 9.0, 11.0)));

    /** Replies every 10 ms from 8 s to 12 s, with a silence of {@code gapMs} from 10 s. */
    private static LossAttribution withGap(int gapMs) {
        TreeMap<Integer, Double> replies = new TreeMap<>();
        for (int seq = 0; seq <= 400; seq++) replies.put(seq, 8.0 + seq * 0.01);
        for (int seq = 201; seq < 200 + gapMs / 10; seq++) replies.remove(seq);
        return LossAttribution.of(replies, MIGRATE);
    }

    private static Benchmark.Sample plain(int gapMs, long pausedMs, String answeredBy) {
        return new Benchmark.Sample("host-a->host-b", withGap(gapMs), MIGRATE, "vm1", MAC, pausedMs, answeredBy);
    }

    @Test
    void a_silence_as_long_as_the_guests_pause_is_a_measurement_of_the_guest() {
        Benchmark.Sample s = plain(160, 155, MAC);
        assertEquals(15, s.lost());
        assertTrue(s.measuredOnGuest());
        assertEquals(", guest paused 155 ms", s.guestNote());
    }

    @Test
    void no_silence_while_libvirt_says_the_guest_was_paused_is_not() {
        Benchmark.Sample s = plain(10, 155, MAC);
        assertEquals(0, s.lost());
        assertFalse(s.measuredOnGuest());
        assertTrue(s.guestNote().contains("libvirt's downtime 155 ms, the observer's longest gap 10 ms"), s.guestNote());
    }

    @Test
    void answers_from_another_mac_are_not() {
        Benchmark.Sample s = plain(160, 155, "52:54:00:c0:00:99");
        assertFalse(s.measuredOnGuest());
        assertTrue(s.guestNote().contains("answered by 52:54:00:c0:00:99"), s.guestNote());
        assertTrue(plain(160, 155, MAC.toUpperCase()).measuredOnGuest());
    }

    @Test
    void a_run_without_libvirts_downtime_or_the_neighbour_is_taken_as_measured() {
        assertTrue(new Benchmark.Sample("host-a->host-b", withGap(10), MIGRATE).measuredOnGuest());
        assertTrue(plain(10, 0, "").measuredOnGuest());
    }
}
