package io.vfmigrate.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/** A vfmigrate process against the lab whose merged output is read line by line while it runs. */
record LiveRun(Process process, StringBuilder out, BufferedReader in) {
    static LiveRun start(List<String> args) throws IOException {
        Process p = new ProcessBuilder(Vfmigrate.argv(Vfmigrate.STATE.toString(), args.toArray(String[]::new))).redirectErrorStream(true).start();
        return new LiveRun(p, new StringBuilder(), new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
    }

    /** Reads until a line matches; fails when the process ends first. */
    void until(Predicate<String> seen) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            out.append(line).append('\n');
            if (seen.test(line)) return;
        }
        throw new AssertionError("the process ended first: " + out);
    }

    /** Everything it printed, once it ended. */
    String output() {
        try {
            for (String line; (line = in.readLine()) != null; ) out.append(line).append('\n');
        } catch (IOException e) {
            // ended
        }
        return out.toString();
    }
}
