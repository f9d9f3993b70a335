package io.vfmigrate.app.run;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds up rounds of `ping -D` output: probes sent and lost, and the longest gap between two replies
 * (across rounds too, so the restart of ping between rounds counts in the gap: a few ms). Pure.
 */
public final class PingLog {
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+)\\.(\\d{1,9})\\] \\d+ bytes from .*icmp_seq=\\d+.*$");
    private static final Pattern SUMMARY = Pattern.compile("^(\\d+) packets transmitted, (\\d+) (packets )?received.*$");

    private long sent;
    private long received;
    private long lastReplyMicros = -1;
    private long longestGapMicros;

    /** One round's output (stdout of one ping). */
    public void add(String output) {
        for (String line : output.split("\n")) {
            Matcher r = REPLY.matcher(line.trim());
            if (r.matches()) {
                String frac = (r.group(2) + "000000").substring(0, 6);
                long micros = Long.parseLong(r.group(1)) * 1_000_000 + Long.parseLong(frac);
                if (lastReplyMicros >= 0) longestGapMicros = Math.max(longestGapMicros, micros - lastReplyMicros);
                lastReplyMicros = micros;
                continue;
            }
            Matcher s = SUMMARY.matcher(line.trim());
            if (s.matches()) {
                sent += Long.parseLong(s.group(1));
                received += Long.parseLong(s.group(2));
            }
        }
    }

    public long sent() { return sent; }
    public long lost() { return sent - received; }
    public long longestGapMillis() { return longestGapMicros / 1000; }
}
