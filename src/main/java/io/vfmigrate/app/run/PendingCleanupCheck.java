package io.vfmigrate.app.run;

import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.ports.DomainState;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.Facts;
import io.vfmigrate.workflow.PendingCleanups;
import io.vfmigrate.workflow.steps.TemporaryMacvtap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checked on every command's start, like the stale-run warning: what recent runs could not clean on
 * an unreachable host (a copy of the VM, an incoming QEMU and its ports, a temporary port's macvtap). On a host
 * that answers now, the run's macvtaps that the VM running there does not use are removed; a copy is cleaned
 * when it is not running and the VM runs on the run's other host (the copy here is stale: destroyed and
 * undefined), and the entry is closed in the journal; otherwise it is listed.
 */
public final class PendingCleanupCheck {
    static final int RECENT_RUNS = 100;
    private final Services s;

    public PendingCleanupCheck(Services services) { this.s = services; }

    /** One line per pending cleanup: what was cleaned now, or what is still left and where. */
    public List<String> check() {
        List<String> out = new ArrayList<>();
        for (RunRecord r : s.journal().runs(true).stream().limit(RECENT_RUNS).toList()) {
            if (ParentRuns.isParent(r)) continue;
            Facts facts = new RunReplay(s.journal().entries(r.id())).facts();
            List<BondFacts> bonds = BondFacts.all(facts);
            PendingCleanups.of(facts.snapshot()).forEach((host, what) -> out.add(resolve(r, host, what, bonds)));
        }
        return out;
    }

    /** The run's macvtaps on {@code host} that no copy of the VM there uses, removed; what was removed, in words. */
    private static String removeUnusedMacvtaps(Host host, String vm, List<BondFacts> bonds) {
        List<String> removed = TemporaryMacvtap.removeUnused(host, vm, bonds);
        return removed.isEmpty() ? "" : "; removed macvtap " + String.join(", ", removed);
    }

    private String resolve(RunRecord r, String hostName, String what, List<BondFacts> bonds) {
        String left = hostName + " may still hold " + what + ", left by run " + r.id();
        Inventory.HostConfig config = s.inventory().hosts().get(hostName);
        if (config == null) return left + " (not checked: " + hostName + " is not in this command's inventory)";
        String otherName = hostName.equals(r.source()) ? r.destination() : r.source();
        // a run that holds the VM's lease may be making a macvtap or an incoming copy there this moment
        Optional<Leases.Holder> holder = s.leases().holder(Leases.vmKey(r.vm())).filter(h -> h.expires().isAfter(s.clock().instant()));
        if (holder.isPresent()) return left + " (not checked now: " + holder.get().describe() + ")";
        try {
            Host host = s.connector().connect(config);
            DomainState here = host.hypervisor().domainState(r.vm());
            if (!here.isActive()) return closed(r, hostName, hostName + ": nothing of " + r.vm() + " is active any more (" + here + ")"
                    + removeUnusedMacvtaps(host, r.vm(), bonds) + "; pending cleanup of run " + r.id() + " closed");
            if (PendingCleanups.onlyMacvtaps(what)) {   // only macvtaps were left here, and none that the VM does not use is left now
                return closed(r, hostName, hostName + ": " + r.vm() + " is " + here + " there" + removeUnusedMacvtaps(host, r.vm(), bonds)
                        + "; pending cleanup of run " + r.id() + " closed");
            }
            Optional<Host> other = Optional.ofNullable(s.inventory().hosts().get(otherName)).map(s.connector()::connect);
            // a paused copy (an incoming QEMU that never finished) while the VM runs elsewhere is stale; two running copies are an operator's call
            if (!here.isRunning() && other.isPresent() && other.get().hypervisor().isRunning(r.vm())) {
                host.hypervisor().destroy(r.vm());
                host.hypervisor().undefine(r.vm());
                return closed(r, hostName, hostName + ": removed the stale copy of " + r.vm() + " (" + here + ") left by run " + r.id()
                        + "; it runs on " + otherName + removeUnusedMacvtaps(host, r.vm(), bonds));   // the copy's macvtaps, too
            }
            return left + ": " + r.vm() + " is " + here + " there and does not run on " + otherName + removeUnusedMacvtaps(host, r.vm(), bonds)
                    + "; check it by hand";
        } catch (FailureException e) {
            return left + " (still unreachable: " + e.failure().message() + ")";
        }
    }

    private String closed(RunRecord r, String host, String line) {
        s.journal().append(r.id(), new JournalEntry(s.clock().instant(), JournalEntry.Kind.STATE, -1, "", line,
                Map.of(PendingCleanups.PREFIX + host, "")));
        return line;
    }
}
