package io.vfmigrate.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pings a guest every 10 ms from the lab's observer namespace (never from the root namespace) and
 * tells how many echo requests went unanswered and the longest silence between two replies.
 */
public final class PingMeter implements AutoCloseable {
    /** fping's line for a reply: {@code [1765012345.12767] 192.0.2.11 : [0], 64 bytes, 1.18 ms (1.18 avg, 0% loss)}. */
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+\\.\\d+)\\] \\S+ : \\[(\\d+)\\], \\d+ bytes");
    private final Process ping;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    public record Loss(int sent, int lost, long longestGapMs) {
        @Override public String toString() { return lost + " of " + sent + " pings lost, longest gap " + longestGapMs + " ms"; }
    }

    public PingMeter(String address) {
        this(address, Optional.empty());
    }

    /** From the observer of {@code vlan} when one is given (`lab observer --vlan N`). */
    public PingMeter(String address, Optional<Integer> vlan) {
        List<String> argv = new ArrayList<>(List.of(Shell.LAB.toString(), "observer"));
        vlan.ifPresent(v -> argv.addAll(List.of("--vlan", String.valueOf(v))));
        // fping, not iputils' ping: at an interval of 10 ms ping spins between probes (recvmsg and sched_yield, about half
        // a core each, measured on the lab), which starved the lab when a test pinged six guests; fping waits in poll().
        // A reply counts however late it comes (within 10 s), as ping counted it: frames a VF stand-in queued arrive late.
        argv.addAll(List.of("--", "fping", "-D", "-l", "-p", "10", "-t", "10000", address));
        try {
            ping = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start ping: " + e, e);
        }
        reader = new Thread(this::read, "ping-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(ping.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (lines) { lines.add(line); }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Stops pinging and measures: requests sent from the first reply on, unanswered ones, longest gap. */
    public Loss stop() {
        return loss(stopForReplies());
    }

    /** Stops pinging; each answered sequence number with the time of its first reply (seconds). */
    public java.util.NavigableMap<Integer, Double> stopForReplies() {
        Shell.interrupt(ping.pid());
        try {
            ping.waitFor();
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lines) {
            return replies(lines);
        }
    }

    /** Each answered sequence number of fping's output with the time of its first reply (seconds). */
    static TreeMap<Integer, Double> replies(List<String> output) {
        TreeMap<Integer, Double> replies = new TreeMap<>();
        for (String l : output) {
            Matcher m = REPLY.matcher(l);
            if (m.find()) replies.putIfAbsent(Integer.parseInt(m.group(2)), Double.parseDouble(m.group(1)));
        }
        return replies;
    }

    static Loss loss(java.util.NavigableMap<Integer, Double> replies) {
        if (replies.isEmpty()) return new Loss(0, 0, Long.MAX_VALUE);
        int sent = replies.lastKey() - replies.firstKey() + 1;
        double gap = 0;
        Double previous = null;
        for (double t : replies.values()) {
            if (previous != null) gap = Math.max(gap, t - previous);
            previous = t;
        }
        return new Loss(sent, sent - replies.size(), Math.round(gap * 1000));
    }

    @Override public void close() {
        if (ping.isAlive()) stop();
    }
}
