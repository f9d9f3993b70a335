package io.vfmigrate.adapters.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.vfmigrate.ports.DestinationBreakers;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@link DestinationBreakers} on Resilience4j: per destination, a count-based window of the last
 * {@code failures} runs that opens when all of them failed (that many consecutive failures), and stays
 * open for the rest of the evacuation (no half-open probing: the VMs go elsewhere).
 */
public final class CircuitBreakers implements DestinationBreakers {
    private final CircuitBreakerRegistry registry;

    public CircuitBreakers(int failures) {
        if (failures < 1) throw new IllegalArgumentException("a breaker opens after at least 1 failure, not " + failures);
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failures)
                .minimumNumberOfCalls(failures)
                .failureRateThreshold(100)
                .waitDurationInOpenState(Duration.ofDays(1))
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    }

    private CircuitBreaker of(String destination) { return registry.circuitBreaker("destination-" + destination); }

    public boolean allows(String destination) { return of(destination).getState() != CircuitBreaker.State.OPEN; }

    public void succeeded(String destination) { of(destination).onSuccess(0, TimeUnit.NANOSECONDS); }

    public void failed(String destination) {
        of(destination).onError(0, TimeUnit.NANOSECONDS, new RunFailed(destination));
    }

    public Set<String> open() {
        Set<String> open = new TreeSet<>();
        registry.getAllCircuitBreakers().forEach(b -> {
            if (b.getState() == CircuitBreaker.State.OPEN) open.add(b.getName().substring("destination-".length()));
        });
        return open;
    }

    /** What the breaker records: a run towards the destination did not succeed. */
    private static final class RunFailed extends RuntimeException {
        RunFailed(String destination) { super("a run towards " + destination + " failed", null, false, false); }
    }
}
