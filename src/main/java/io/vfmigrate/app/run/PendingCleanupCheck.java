package io.vfmigrate.app.run;

import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.ports.DomainState;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.PendingCleanups;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checked on every command's start, like the stale-run warning: what recent runs could not clean on
 * an unreachable host (a copy of the VM, an incoming QEMU and its ports). A host that answers now is
 * cleaned when its copy is not running and the VM runs on the run's other host (the copy here is
 * stale: destroyed and undefined), and the entry is closed in the journal; otherwise it is listed.
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
            Map<String, String> facts = new RunReplay(s.journal().entries(r.id())).facts().snapshot();
            PendingCleanups.of(facts).forEach((host, what) -> out.add(resolve(r, host, what)));
        }
        return out;
    }

    private String resolve(RunRecord r, String hostName, String what) {
        String left = hostName + " may still hold " + what + ", left by run " + r.id();
        Inventory.HostConfig config = s.inventory().hosts().get(hostName);
        if (config == null) return left + " (not checked: " + hostName + " is not in this command's inventory)";
        String otherName = hostName.equals(r.source()) ? r.destination() : r.source();
        try {
            Host host = s.connector().connect(config);
            DomainState here = host.hypervisor().domainState(r.vm());
            if (!here.isActive()) return closed(r, hostName, hostName + ": nothing of " + r.vm() + " is active any more (" + here + "); pending cleanup of run " + r.id() + " closed");
            Optional<Host> other = Optional.ofNullable(s.inventory().hosts().get(otherName)).map(s.connector()::connect);
            // a paused copy (an incoming QEMU that never finished) while the VM runs elsewhere is stale; two running copies are an operator's call
            if (!here.isRunning() && other.isPresent() && other.get().hypervisor().isRunning(r.vm())) {
                host.hypervisor().destroy(r.vm());
                host.hypervisor().undefine(r.vm());
                return closed(r, hostName, hostName + ": removed the stale copy of " + r.vm() + " (" + here + ") left by run " + r.id()
                        + "; it runs on " + otherName);
            }
            return left + ": " + r.vm() + " is " + here + " there and does not run on " + otherName + "; check it by hand";
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
