package io.vfmigrate.app.run;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds up rounds of `ping -D -w SECONDS` output: probes sent and lost, and the longest gap between two replies
 * (across rounds too, so the restart of ping between rounds counts in the gap: a few ms). Pure.
 * <p>
 * A round ends on its deadline, with the last probes still on their way: up to {@value #IN_FLIGHT} unanswered
 * probes after a round's last reply count as in flight, not lost (ping's own summary counts them lost, a few per
 * round on a loaded host, where an observer pinging all along loses none). Beyond that they are lost: the guest
 * went silent at the round's end.
 */
public final class PingLog {
    static final int IN_FLIGHT = 3;
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+)\\.(\\d{1,9})\\] \\d+ bytes from .*icmp_seq=(\\d+).*$");
    private static final Pattern SUMMARY = Pattern.compile("^(\\d+) packets transmitted, (\\d+) (packets )?received.*$");

    private long sent;
    private long lost;
    private long lastReplyMicros = -1;
    private long longestGapMicros;

    /** One round's output (stdout of one ping). */
    public void add(String output) {
        Set<Long> answered = new HashSet<>();
        long lastAnswered = 0;
        for (String line : output.split("\n")) {
            Matcher r = REPLY.matcher(line.trim());
            if (r.matches()) {
                String frac = (r.group(2) + "000000").substring(0, 6);
                long micros = Long.parseLong(r.group(1)) * 1_000_000 + Long.parseLong(frac);
                if (lastReplyMicros >= 0) longestGapMicros = Math.max(longestGapMicros, micros - lastReplyMicros);
                lastReplyMicros = micros;
                long seq = Long.parseLong(r.group(3));
                answered.add(seq);
                lastAnswered = Math.max(lastAnswered, seq);
                continue;
            }
            Matcher s = SUMMARY.matcher(line.trim());
            if (s.matches()) {
                long transmitted = Long.parseLong(s.group(1));
                long trailing = Math.max(0, transmitted - lastAnswered);
                long before = Math.min(lastAnswered, transmitted);
                sent += transmitted;
                lost += before - answered.stream().filter(q -> q <= before).count() + Math.max(0, trailing - IN_FLIGHT);
            }
        }
    }

    public long sent() { return sent; }
    public long lost() { return lost; }
    public long longestGapMillis() { return longestGapMicros / 1000; }
}
