package io.vfmigrate.app.run;

import io.vfmigrate.app.Services;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.HostShell;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * `--probe HOST:IP`: pings IP every 10 ms through HOST's shell while the run lives, in rounds of two
 * seconds (ping -D -i 0.01 -w 2), and journals the probes sent, lost and the longest gap between two
 * replies with the run, for its report. A probe that cannot run is said in the report, never fails the run.
 * Rounds end on a deadline, so that probes go out all along (a round ending on a count waits for its last
 * replies, unprobed time an outage can fall into); {@link PingLog} does not count the probes still on their
 * way at the deadline as lost.
 */
public final class NetworkProbe implements RunListener, AutoCloseable {
    /** Where to ping from, and what. */
    public record Target(String host, String ip) {}

    private static final Duration ROUND_LIMIT = Duration.ofSeconds(10);

    private final Services s;
    private final Optional<Target> target;
    private final PingLog log = new PingLog();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile String runId;
    private volatile String problem = "";
    private Thread thread;

    private NetworkProbe(Services s, Optional<Target> target) {
        this.s = s;
        this.target = target;
    }

    public static NetworkProbe start(Services s, Optional<Target> target) {
        NetworkProbe p = new NetworkProbe(s, target);
        target.ifPresent(t -> {
            HostShell shell = s.connector().connect(s.inventory().host(t.host())).shell();
            p.thread = new Thread(() -> p.loop(shell, t.ip()), "probe-" + t.ip());
            p.thread.setDaemon(true);
            p.thread.start();
        });
        return p;
    }

    private void loop(HostShell shell, String ip) {
        while (running.get()) {
            try {
                var result = shell.run(List.of("ping", "-D", "-n", "-i", "0.01", "-w", "2", ip), ROUND_LIMIT);
                synchronized (log) {
                    log.add(result.stdout());
                }
            } catch (FailureException e) {
                problem = e.failure().message();
                return;
            }
        }
    }

    @Override public void stateChanged(RunRecord run, RunState from, RunState to) { runId = run.id(); }

    /** Stops after the current round and journals the result with the run. */
    public void finish() {
        if (target.isEmpty() || !running.getAndSet(false)) return;
        try {
            thread.join(ROUND_LIMIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (runId == null) return;
        Map<String, String> facts;
        synchronized (log) {
            facts = Map.of(RunReport.PROBE_PREFIX + "target", target.get().host() + ":" + target.get().ip(),
                    RunReport.PROBE_PREFIX + "sent", Long.toString(log.sent()),
                    RunReport.PROBE_PREFIX + "lost", Long.toString(log.lost()),
                    RunReport.PROBE_PREFIX + "longest-gap-ms", Long.toString(log.longestGapMillis()),
                    RunReport.PROBE_PREFIX + "problem", problem);
        }
        s.journal().append(runId, new JournalEntry(s.clock().instant(), JournalEntry.Kind.STATE, -1, "", "network probe", facts));
    }

    @Override public void close() { finish(); }
}
