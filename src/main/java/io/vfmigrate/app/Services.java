package io.vfmigrate.app;

import io.vfmigrate.config.Inventory;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.ports.HostFlags;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.ports.Maintenances;
import io.vfmigrate.ports.MoveSlots;
import io.vfmigrate.workflow.Poll;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** What the use cases share, wired once by the CLI (real adapters) or by a test (fakes). */
public record Services(Inventory inventory, HostConnector connector, WorkflowLoader workflows, Journal journal, Leases leases,
                       Clock clock, Poll poll, String coordinator, Supplier<String> runIds, Duration guestTimeout, Duration leaseTtl,
                       DeadHolders deadHolders,
                       HostFlags hostFlags, MoveSlots moveSlots, Maintenances maintenances) {


    /** Takes a lease for a run, at once from a holder known dead; or returns the (live) holder. */
    public Optional<Leases.Holder> claim(String key, String runId) {
        Optional<Leases.Holder> holder = leases.acquire(key, runId, coordinator, leaseTtl);
        if (holder.isPresent() && deadHolders.isDead(holder.get())) {
            org.slf4j.LoggerFactory.getLogger(Services.class).info("taking over {}: the process of coordinator {} is gone",
                    key, holder.get().coordinator());
            return leases.takeOver(key, holder.get(), runId, coordinator, leaseTtl);
        }
        return holder;
    }

    /** Takes the VM's lease for a run and returns its fence; or says which run holds it. */
    public VmClaim takeVm(String vm, String runId) {
        try {
            Optional<Leases.Holder> holder = claim(Leases.vmKey(vm), runId);
            if (holder.isPresent()) return VmClaim.refused(busy(holder.get()));
            return leases.fence(Leases.vmKey(vm), runId, coordinator).map(VmClaim::taken)
                    .orElseGet(() -> VmClaim.refused("the lease of VM " + vm + " was taken by another coordinator at once"));
        } catch (RuntimeException e) {
            // Nothing has changed yet: the run is refused, not left open.
            return VmClaim.refused("cannot take the lease of VM " + vm + ": " + e.getMessage());
        }
    }

    public Optional<String> vmHolder(String vm) {
        return leases.holder(Leases.vmKey(vm)).filter(h -> !deadHolders.isDead(h)).map(Services::busy);
    }

    private static String busy(Leases.Holder h) {
        return "VM " + h.key().substring(3) + " is already in run " + h.runId() + " of coordinator " + h.coordinator()
                + " (lease until " + h.expires() + ")";
    }

    /** The VM lease of a run: its fence when taken, else why not. */
    public record VmClaim(Optional<Leases.Fence> fence, Optional<String> refusal) {
        static VmClaim taken(Leases.Fence fence) { return new VmClaim(Optional.of(fence), Optional.empty()); }

        static VmClaim refused(String why) { return new VmClaim(Optional.empty(), Optional.of(why)); }
    }
}
