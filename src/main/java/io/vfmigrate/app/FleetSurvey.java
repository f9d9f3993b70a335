package io.vfmigrate.app;

import io.vfmigrate.config.Inventory;
import io.vfmigrate.model.Durations;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.planning.FleetSnapshot;
import io.vfmigrate.planning.HostReader;
import io.vfmigrate.planning.HostView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The fleet snapshot: every inventory host (or the ones asked for) read in parallel on a bounded pool,
 * each within a deadline; a host that fails or is late is a row that says so. Changes nothing.
 */
public final class FleetSurvey {
    public static final int MAX_THREADS = 16;
    public static final Duration HOST_TIMEOUT = Duration.ofSeconds(30);
    /** Per guest command: one hung agent must not make its whole host miss the deadline. */
    public static final Duration GUEST_TIMEOUT = Duration.ofSeconds(3);

    private final Services services;
    private final Duration hostTimeout;

    public FleetSurvey(Services services) { this(services, HOST_TIMEOUT); }

    public FleetSurvey(Services services, Duration hostTimeout) {
        this.services = services;
        this.hostTimeout = hostTimeout;
    }

    public FleetSnapshot all() { return of(services.inventory().hosts().keySet()); }

    public FleetSnapshot of(Set<String> hosts) {
        Set<String> disabled = services.hostFlags().disabled().keySet();
        List<Inventory.HostConfig> configs = hosts.stream().sorted().map(services.inventory()::host).toList();
        if (configs.isEmpty()) return new FleetSnapshot(List.of());
        Duration guestTimeout = services.guestTimeout().compareTo(GUEST_TIMEOUT) < 0 ? services.guestTimeout() : GUEST_TIMEOUT;
        HostReader reader = new HostReader(guestTimeout);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_THREADS, configs.size()), r -> {
            Thread t = new Thread(r, "fleet-survey");
            t.setDaemon(true); // a host stuck in libvirt must not keep the process alive
            return t;
        });
        try {
            Map<String, Future<HostView>> asked = new LinkedHashMap<>();
            for (Inventory.HostConfig c : configs) {
                boolean off = disabled.contains(c.name());
                asked.put(c.name(), pool.submit(() -> reader.read(services.connector().connect(c), off)));
            }
            Instant deadline = services.clock().instant().plus(hostTimeout);
            List<HostView> views = new ArrayList<>();
            asked.forEach((name, f) -> views.add(await(name, f, deadline, disabled.contains(name))));
            return new FleetSnapshot(views);
        } finally {
            pool.shutdownNow();
        }
    }

    /** All hosts are asked at once, so one deadline (from the start) bounds every host's answer. */
    private HostView await(String host, Future<HostView> answer, Instant deadline, boolean disabled) {
        try {
            Duration left = Duration.between(services.clock().instant(), deadline);
            return answer.get(left.isNegative() ? 0 : left.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return HostView.unreachable(host, "no answer within " + Durations.format(hostTimeout), disabled);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = !(cause instanceof FailureException f) ? String.valueOf(cause)
                    : f.failure() instanceof Failure.HostUnreachable u ? "over " + u.via() + ": " + u.cause() : f.failure().message();
            return HostView.unreachable(host, why, disabled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HostView.unreachable(host, "interrupted while waiting for its answer", disabled);
        }
    }
}
