package io.vfmigrate.cli.schedule;

import io.vfmigrate.adapters.metrics.MetricsEndpoint;
import io.vfmigrate.adapters.metrics.ServeMetrics;
import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.adapters.scheduler.EvacuationScheduler;
import io.vfmigrate.adapters.scheduler.UnixCronRules;
import io.vfmigrate.adapters.store.StoreOnDemand;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.schedule.ScheduleTimes;
import io.vfmigrate.app.schedule.ScheduledRuns;
import io.vfmigrate.cli.Bounds;
import io.vfmigrate.cli.EvacuationOptions;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs due schedules until stopped; several `serve` on one PostgreSQL run each due schedule once, and one",
                "picks up (resumes) the evacuation or rolling of a `serve` that died. SIGTERM: no new VM move starts, running moves",
                "finish within --grace (a rolling stops at its next phase), what is left stays journaled for `resume`; a second",
                "SIGTERM stops at once. Exit code 0 after a clean stop, 3 when the grace ran out with moves in flight."})
public final class ServeCommand implements Callable<Integer> {
    private final Wiring wiring;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Option(names = "--listen", paramLabel = "ADDRESS:PORT", converter = ListenAddress.Converter.class,
            description = "Serve /healthz and /metrics (Prometheus text) there, e.g. 127.0.0.1:9464.")
    ListenAddress listen;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "5m", description = "How long running moves may finish after SIGTERM (default 5m, 0s..1d).")
    @Bounds(min = "0s", max = "1d")
    Duration grace;

    public ServeCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() throws IOException, InterruptedException {
        GlobalOptions g = global.orParent(spec);
        PrintWriter out = spec.commandLine().getOut();
        Services s = ServicesFactory.open(wiring, g, spec.commandLine().getErr());
        StoreOnDemand store = wiring.store(g);
        ServeMetrics metrics = new ServeMetrics(s.clock());
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger active = new AtomicInteger();
        AtomicBoolean cutShort = new AtomicBoolean();
        ScheduledRuns runs = new ScheduledRuns(s, wiring.evacuations(s), wiring.rollings(s), store.schedules(), new ScheduleTimes(new UnixCronRules()),
                () -> new CircuitBreakers(EvacuationOptions.BREAKER_FAILURES), MoveGate.unless(stopping::get, "serve is stopping"), metrics, metrics);
        EvacuationScheduler.Runner counted = (id, due) -> {
            active.incrementAndGet();
            try {
                return runs.run(id, due);
            } catch (RuntimeException e) {
                if (stopping.get()) cutShort.set(true); // interrupted when the grace ran out
                throw e;
            } finally {
                active.decrementAndGet();
            }
        };
        CountDownLatch stopped = new CountDownLatch(1);
        // the port first: a refusal to bind changes nothing, the scheduler has not created its tables yet
        try (MetricsEndpoint endpoint = listen == null ? null : endpoint(metrics, () -> !stopping.get());
             EvacuationScheduler scheduler = EvacuationScheduler.start(store.dataSource(), s.coordinator(), counted, () -> {}, grace)) {
            ServeSignals.install(() -> {
                stopping.set(true);
                Thread t = new Thread(() -> { scheduler.close(); stopped.countDown(); }, "vfmigrate-serve-stop");
                t.start();
            }, () -> Runtime.getRuntime().halt(ExitCode.NEEDS_OPERATOR));
            out.println("serving schedules from " + store.location() + " as " + s.coordinator()
                    + (endpoint == null ? "" : "; metrics on http://" + listen.text() + "/metrics"));
            out.flush();
            stopped.await();
        }
        boolean clean = active.get() == 0 && !cutShort.get();
        out.println(clean ? "stopped: nothing left running" : "stopped after " + Durations.format(grace) + " with moves in flight: see `vfmigrate runs`");
        out.flush();
        return clean ? ExitCode.DONE : ExitCode.NEEDS_OPERATOR;
    }

    private MetricsEndpoint endpoint(ServeMetrics metrics, BooleanSupplier healthy) {
        try {
            return MetricsEndpoint.start(listen.address(), metrics::scrape, ServeMetrics.CONTENT_TYPE, healthy);
        } catch (IOException e) {
            throw new ConfigException("--listen " + listen.text() + ": cannot listen there: " + e.getMessage());
        }
    }
}
