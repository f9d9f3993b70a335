package io.vfmigrate.workflow;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Waits for a condition on a clock and a sleeper (a fake clock in tests: no real sleeping). */
public final class Poll {
    private final Clock clock;
    private final Sleeper sleeper;

    public Poll(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Asks {@code probe} until it yields a value, backing off from 20 ms to 100 ms (a probe is a guest or
     * host round trip; a longer pause only adds to the wait it ends); Timeout failure after {@code timeout}.
     */
    public <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
        return poll(what, timeout, 20, 100, probe);
    }

    /** As {@link #until}, pausing {@code pause} between probes that cost a few ms only (the agent's own reads). */
    public <T> T untilEvery(String what, Duration timeout, Duration pause, Supplier<Optional<T>> probe) {
        return poll(what, timeout, pause.toMillis(), pause.toMillis(), probe);
    }

    private <T> T poll(String what, Duration timeout, long firstDelay, long maxDelay, Supplier<Optional<T>> probe) {
        Instant deadline = clock.instant().plus(timeout);
        long delay = firstDelay;
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) return value.get();
            if (!clock.instant().isBefore(deadline)) throw new FailureException(new Failure.Timeout(what, timeout));
            sleep(Duration.ofMillis(delay), what);
            delay = Math.min(delay * 2, maxDelay);
        }
    }

    public void sleep(Duration d, String what) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailureException(new Failure.Interrupted(what));
        }
    }
}
