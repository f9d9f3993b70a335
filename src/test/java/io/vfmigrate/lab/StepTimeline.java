package io.vfmigrate.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When each step of a run ran, in wall-clock seconds: read from vfmigrate's progress lines
 * ("  step 5 migrate ... ok (2310 ms)") stamped with the time each line arrived, the step having
 * started its duration before that.
 */
record StepTimeline(List<Interval> steps) {
    private static final Pattern STEP = Pattern.compile("step \\d+ (\\S+)\\s+\\.\\.\\. ok \\((\\d+) ms\\)");

    record Interval(String step, double start, double end) {
        long millis() { return Math.round((end - start) * 1000); }
    }

    record StampedLine(double at, String line) {}

    /** Runs vfmigrate ({@code argv}), stamping each progress line with the time it arrived; its output if it fails. */
    static StepTimeline run(String what, List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        List<StampedLine> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) lines.add(new StampedLine(System.currentTimeMillis() / 1000.0, line));
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException(what + " failed:\n" + String.join("\n", lines.stream().map(StampedLine::line).toList()));
        }
        return parse(lines);
    }

    static StepTimeline parse(List<StampedLine> lines) {
        List<Interval> steps = new ArrayList<>();
        for (StampedLine l : lines) {
            Matcher m = STEP.matcher(l.line());
            if (m.find()) steps.add(new Interval(m.group(1), l.at() - Long.parseLong(m.group(2)) / 1000.0, l.at()));
        }
        return new StepTimeline(List.copyOf(steps));
    }

    /** The step running at {@code t}, "before" the first, "after" the last, or "between" two steps. */
    String stepAt(double t) {
        if (steps.isEmpty() || t < steps.get(0).start()) return "(before)";
        for (Interval s : steps) if (t >= s.start() && t <= s.end()) return s.step();
        return t > steps.get(steps.size() - 1).end() ? "(after)" : "(between)";
    }

    long totalMs() { return steps.stream().mapToLong(Interval::millis).sum(); }

    long millisOf(String step) { return steps.stream().filter(s -> s.step().equals(step)).mapToLong(Interval::millis).sum(); }

    Optional<Interval> first() { return steps.stream().findFirst(); }
}
