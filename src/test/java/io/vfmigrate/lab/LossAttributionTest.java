package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The benchmark's bookkeeping, on made-up timelines (no lab needed). */
class LossAttributionTest {
    private static StepTimeline timeline() {
        return StepTimeline.parse(List.of(
                new StepTimeline.StampedLine(10.0, "  step 1 detach-vf             ... ok (1000 ms)"),
                new StepTimeline.StampedLine(12.0, "  step 2 migrate               ... ok (2000 ms)"),
                new StepTimeline.StampedLine(12.5, "  step 3 attach-vf             ... ok (400 ms)")));
    }

    @Test
    void charges_each_lost_ping_to_the_step_it_was_sent_in() {
        TreeMap<Integer, Double> replies = new TreeMap<>();
        for (int seq = 0; seq <= 400; seq++) replies.put(seq, 8.0 + seq * 0.01);
        for (int seq = 150; seq < 170; seq++) replies.remove(seq);   // 9.50-9.69 s: detach-vf
        for (int seq = 300; seq < 310; seq++) replies.remove(seq);   // 11.00-11.09 s: migrate
        for (int seq = 375; seq < 380; seq++) replies.remove(seq);   // 11.75-11.79 s: migrate too
        LossAttribution a = LossAttribution.of(replies, timeline());
        assertEquals(Map.of("detach-vf", 20, "migrate", 15, "attach-vf", 0), a.lostByStep());
        assertEquals(35, a.total());
        assertEquals("detach-vf", a.longestGapStep());
        assertEquals(210, a.longestGapMs());
    }

    @Test
    void losses_outside_the_steps_are_named_so() {
        TreeMap<Integer, Double> replies = new TreeMap<>();
        for (int seq = 0; seq <= 600; seq++) replies.put(seq, 8.0 + seq * 0.01);
        replies.remove(50);    // 8.50 s, before the first step started at 9.0
        replies.remove(560);   // 13.60 s, after the last step ended at 12.5
        LossAttribution a = LossAttribution.of(replies, timeline());
        assertEquals(1, a.lostByStep().get("(before)"));
        assertEquals(1, a.lostByStep().get("(after)"));
    }

    @Test
    void step_times_come_from_the_progress_lines() {
        StepTimeline t = timeline();
        assertEquals(3400, t.totalMs());
        assertEquals(2000, t.millisOf("migrate"));
        assertEquals("migrate", t.stepAt(11.0));
        assertEquals("(between)", StepTimeline.parse(List.of(
                new StepTimeline.StampedLine(1.0, "step 1 a ... ok (500 ms)"),
                new StepTimeline.StampedLine(3.0, "step 2 b ... ok (500 ms)"))).stepAt(2.0));
    }
}
