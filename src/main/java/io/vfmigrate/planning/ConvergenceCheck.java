package io.vfmigrate.planning;

import io.vfmigrate.migration.ConvergencePrediction;
import io.vfmigrate.migration.MigrationPolicy;
import io.vfmigrate.migration.PolicyLayers;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.DirtyRate;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.Poll;
import java.time.Duration;
import java.util.Optional;

/**
 * The convergence prediction of a move: the VM's dirty rate measured on its source (started first, so that the
 * other checks run meanwhile), then {@link ConvergencePrediction} at the bandwidth and policy in force. Advisory:
 * a VM expected not to converge is a warning, and a host that cannot measure gives a warning without prediction;
 * neither stops the move.
 */
public final class ConvergenceCheck {
    public static final String NAME = "convergence";
    /** How long past its period a measurement may take before the plan goes on without it. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    /** What the prediction needs from the policy in force. */
    public record Settings(MigrationPolicy policy, Duration period, long bandwidthMiBps) {
        public static Settings of(PolicyLayers.Resolved resolved) {
            return new Settings(resolved.policy(), resolved.dirtyRatePeriod(), resolved.predictionBandwidthMiBps());
        }
    }

    private final Host source;
    private final String vm;
    private final Settings settings;
    private final Poll poll;
    private final Optional<String> unsupported;

    private ConvergenceCheck(Host source, String vm, Settings settings, Poll poll, Optional<String> unsupported) {
        this.source = source;
        this.vm = vm;
        this.settings = settings;
        this.poll = poll;
        this.unsupported = unsupported;
    }

    /** Starts measuring the VM's dirty rate on {@code source}. */
    public static ConvergenceCheck start(Host source, String vm, Settings settings, Poll poll) {
        Optional<String> why;
        try {
            why = source.hypervisor().startDirtyRateCalc(vm, settings.period());
        } catch (FailureException e) {
            why = Optional.of(e.failure().message());
        }
        return new ConvergenceCheck(source, vm, settings, poll, why);
    }

    /** The prediction for a VM of {@code memoryBytes}, once the measurement is done. */
    public Check finish(long memoryBytes) { return outcome(memoryBytes).check(); }

    /** The prediction as the plan takes it: the check, and whether it says the VM is expected not to converge. */
    public record Outcome(Check check, boolean expectedNotToConverge) {}

    public Outcome outcome(long memoryBytes) {
        if (unsupported.isPresent()) {
            return new Outcome(Check.warning(NAME, "no prediction: cannot measure the dirty rate on " + source.name() + ": " + unsupported.get()), false);
        }
        DirtyRate rate;
        try {
            rate = measured();
        } catch (FailureException e) {
            return new Outcome(Check.warning(NAME, "no prediction: the dirty-rate measurement on " + source.name() + " failed: "
                    + e.failure().message()), false);
        }
        ConvergencePrediction p = ConvergencePrediction.of(rate.mibPerSecond(), settings.bandwidthMiBps(), memoryBytes, settings.policy());
        return new Outcome(check(p, settings.period()), !p.converges());
    }

    /** The prediction's check line: OK when expected to converge, else a warning. */
    private static Check check(ConvergencePrediction p, Duration period) {
        String detail = "dirties " + p.rateMiBps() + " MiB/s (measured over " + period.toSeconds() + " s): " + p.reason();
        return p.converges() ? Check.ok(NAME, detail) : Check.warning(NAME, detail);
    }

    /** Asked until it finished: starting a measurement resets the last one's result (QEMU's state goes back to unstarted). */
    private DirtyRate measured() {
        return poll.until("the dirty-rate measurement of " + vm + " on " + source.name(), settings.period().plus(GRACE),
                () -> source.hypervisor().dirtyRate(vm));
    }
}
