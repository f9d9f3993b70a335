package io.vfmigrate.lab;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads step durations from vfmigrate's progress lines ("  step 5 migrate ... ok (2310 ms)"). */
record StepTimes(long totalMs, long migrationMs) {
    private static final Pattern STEP = Pattern.compile("step \\d+ (\\S+)\\s+\\.\\.\\. ok \\((\\d+) ms\\)");

    static StepTimes parse(String output) {
        long total = 0;
        long migration = 0;
        Matcher m = STEP.matcher(output);
        while (m.find()) {
            long ms = Long.parseLong(m.group(2));
            total += ms;
            if (m.group(1).equals("migrate")) migration = ms;
        }
        return new StepTimes(total, migration);
    }
}
