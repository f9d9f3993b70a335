package io.vfmigrate.lab;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Which step each lost ping was sent in. Only replies carry a time, so a lost request's send time is
 * interpolated between the replied requests around it (pings go out at a steady interval); the
 * longest silence is charged to the step in which it began.
 */
record LossAttribution(Map<String, Integer> lostByStep, String longestGapStep, long longestGapMs) {

    /** {@code replies}: sequence number -> time of its first reply (seconds). */
    static LossAttribution of(NavigableMap<Integer, Double> replies, StepTimeline timeline) {
        Map<String, Integer> lost = new LinkedHashMap<>();
        timeline.steps().forEach(s -> lost.putIfAbsent(s.step(), 0));
        String gapStep = "(none)";
        double gap = 0;
        Map.Entry<Integer, Double> previous = null;
        for (Map.Entry<Integer, Double> reply : replies.entrySet()) {
            if (previous != null) {
                int missing = reply.getKey() - previous.getKey() - 1;
                double perPing = (reply.getValue() - previous.getValue()) / (reply.getKey() - previous.getKey());
                for (int k = 1; k <= missing; k++) {
                    lost.merge(timeline.stepAt(previous.getValue() + k * perPing), 1, Integer::sum);
                }
                if (reply.getValue() - previous.getValue() > gap) {
                    gap = reply.getValue() - previous.getValue();
                    gapStep = timeline.stepAt(previous.getValue());
                }
            }
            previous = reply;
        }
        return new LossAttribution(lost, gapStep, Math.round(gap * 1000));
    }

    int total() { return lostByStep.values().stream().mapToInt(Integer::intValue).sum(); }
}
