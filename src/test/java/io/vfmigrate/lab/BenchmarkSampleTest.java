package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
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

    private static Benchmark.Sample plain(int gapMs, long pausedMs, String pinged) {
        return new Benchmark.Sample("host-a->host-b", withGap(gapMs), MIGRATE, Optional.of(new Benchmark.PlainCheck("vm1", MAC, pausedMs, pinged)));
    }

    @Test
    void a_silence_as_long_as_the_guests_pause_is_a_measurement_of_the_guest() {
        Benchmark.Sample s = plain(160, 155, MAC);
        assertEquals(15, s.lost());
        assertTrue(s.measuredOnGuest());
        assertEquals(", guest paused 155 ms", s.guestNote());
    }

    @Test
    void a_silence_of_half_the_pause_is_the_least_that_counts() {
        assertTrue(plain(80, 160, MAC).measuredOnGuest());
        assertFalse(plain(70, 160, MAC).measuredOnGuest());
    }

    @Test
    void no_silence_while_libvirt_says_the_guest_was_paused_is_not() {
        Benchmark.Sample s = plain(10, 155, MAC);
        assertEquals(0, s.lost());
        assertFalse(s.measuredOnGuest());
        assertEquals(", guest paused 155 ms, NOT measured on the guest: the observer's longest gap 10 ms", s.guestNote());
    }

    @Test
    void pings_sent_to_another_mac_are_not() {
        Benchmark.Sample s = plain(160, 155, "52:54:00:c0:00:99");
        assertFalse(s.measuredOnGuest());
        assertEquals(", guest paused 155 ms, NOT measured on the guest: the observer pinged 52:54:00:c0:00:99, not vm1's " + MAC, s.guestNote());
        assertTrue(plain(160, 155, MAC.toUpperCase()).measuredOnGuest());
    }

    @Test
    void what_was_not_read_is_said_and_judges_nothing() {
        Benchmark.Sample s = plain(10, -1, "");
        assertTrue(s.measuredOnGuest());
        assertEquals(", libvirt's downtime of the guest not read, the observer's neighbour entry not read", s.guestNote());
    }

    @Test
    void a_workflow_run_has_no_note() {
        Benchmark.Sample s = new Benchmark.Sample("host-a->host-b", withGap(10), MIGRATE);
        assertTrue(s.measuredOnGuest());
        assertEquals("", s.guestNote());
    }

    @Test
    void the_neighbour_entrys_mac_is_read_from_ip_neigh() {
        assertEquals(Optional.of(MAC), Benchmark.neighbourMac("192.0.2.11 dev eth0 lladdr " + MAC + " REACHABLE\n"));
        assertEquals(Optional.of(MAC), Benchmark.neighbourMac("192.0.2.11 dev eth0 lladdr " + MAC + " STALE"));
        assertEquals(Optional.empty(), Benchmark.neighbourMac("192.0.2.11 dev eth0  INCOMPLETE"));
        assertEquals(Optional.empty(), Benchmark.neighbourMac("192.0.2.11 dev eth0  FAILED"));
        assertEquals(Optional.empty(), Benchmark.neighbourMac(""));
    }
}
