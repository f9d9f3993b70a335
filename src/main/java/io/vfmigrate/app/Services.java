package io.vfmigrate.app;

import io.vfmigrate.config.Inventory;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.workflow.Poll;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** What the use cases share, wired once by the CLI (real adapters) or by a test (fakes). */
public record Services(Inventory inventory, HostConnector connector, WorkflowLoader workflows, Journal journal, Leases leases,
                       Clock clock, Poll poll, String coordinator, Supplier<String> runIds, Duration guestTimeout, Duration leaseTtl,
                       io.vfmigrate.ports.HostFlags hostFlags) {

    /** Takes the VM's lease for a run; or says which run holds it. */
    Optional<String> takeVm(String vm, String runId) {
        try {
            return leases.acquire(Leases.vmKey(vm), runId, coordinator, leaseTtl).map(Services::busy);
        } catch (RuntimeException e) {
            // Nothing has changed yet: the run is refused, not left open.
            return Optional.of("cannot take the lease of VM " + vm + ": " + e.getMessage());
        }
    }

    Optional<String> vmHolder(String vm) {
        return leases.holder(Leases.vmKey(vm)).map(Services::busy);
    }

    private static String busy(Leases.Holder h) {
        return "VM " + h.key().substring(3) + " is already in run " + h.runId() + " of coordinator " + h.coordinator()
                + " (lease until " + h.expires() + ")";
    }
}
