package io.vfmigrate.lab;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A process's output appended to a buffer as it arrives, not line by line: a step's progress line ("step 2 wait ...")
 * ends only when the step does, so a test that must act while a step runs would see it too late from readLine.
 */
final class FollowedOutput {
    private FollowedOutput() {}

    /** A daemon thread that appends everything {@code p} prints to {@code out} (synchronized on it) until it ends. */
    static Thread follow(Process p, StringBuilder out) {
        Thread t = new Thread(() -> {
            try (InputStreamReader in = new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
                char[] buffer = new char[4096];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (out) {
                        out.append(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Whether {@code marker} appeared in {@code out} within {@code timeout}, while {@code p} runs. */
    static boolean await(Process p, StringBuilder out, String marker, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (p.isAlive() && System.nanoTime() < deadline) {
            synchronized (out) {
                if (out.indexOf(marker) >= 0) return true;
            }
            LabCrashTest.sleep(50);
        }
        synchronized (out) {
            return out.indexOf(marker) >= 0;
        }
    }
}
