package io.vfmigrate.app.run;

import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.Mac;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.TemporaryPortSpec;
import io.vfmigrate.ports.DomainState;
import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.PendingCleanups;
import java.time.Duration;
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
            Map<String, String> facts = new RunReplay(s.journal().entries(r.id())).facts().snapshot();
            PendingCleanups.of(facts).forEach((host, what) -> out.add(resolve(r, host, what, macvtapMacs(facts))));
        }
        return out;
    }

    /** The MACs of the run's temporary ports that were macvtaps (vfmigrate made them, on the hosts). */
    private static List<Mac> macvtapMacs(Map<String, String> facts) {
        List<Mac> out = new ArrayList<>();
        facts.forEach((k, v) -> {
            if (k.startsWith("bond.") && k.endsWith(".tmp.type") && v.equals("macvtap")) {
                String mac = facts.get(k.substring(0, k.length() - "tmp.type".length()) + "mac");
                if (mac != null && Mac.isValid(mac)) out.add(Mac.parse(mac));
            }
        });
        return out;
    }

    /** Removes from {@code host} the run's macvtaps that the VM running there does not use: what was removed, as words. */
    private static String removeUnusedMacvtaps(Host host, String vm, List<Mac> macs) {
        if (macs.isEmpty()) return "";
        List<String> used = host.hypervisor().runningDomainXml(vm)
                .map(xml -> DomainDescription.parse(xml).interfaces().stream().flatMap(i -> i.targetDev().stream()).toList()).orElse(List.of());
        List<String> removed = new ArrayList<>();
        for (Mac mac : macs) {
            String dev = TemporaryPortSpec.Macvtap.hostDevice(mac).value();
            if (used.contains(dev)) continue;
            ExecResult r = host.shell().run(TemporaryPortSpec.Macvtap.deleteCommand(mac), Duration.ofSeconds(10));
            if (r.ok()) removed.add(dev);
            else if (!r.stderr().contains("Cannot find device")) throw new FailureException(new Failure.Unexpected("could not remove macvtap " + dev
                    + " (exit " + r.exitCode() + "): " + r.stderr().strip()));
        }
        return removed.isEmpty() ? "" : "; removed macvtap " + String.join(", ", removed);
    }

    private String resolve(RunRecord r, String hostName, String what, List<Mac> macvtaps) {
        String left = hostName + " may still hold " + what + ", left by run " + r.id();
        Inventory.HostConfig config = s.inventory().hosts().get(hostName);
        if (config == null) return left + " (not checked: " + hostName + " is not in this command's inventory)";
        String otherName = hostName.equals(r.source()) ? r.destination() : r.source();
        try {
            Host host = s.connector().connect(config);
            String macvtapsRemoved = removeUnusedMacvtaps(host, r.vm(), macvtaps);
            DomainState here = host.hypervisor().domainState(r.vm());
            if (!here.isActive()) return closed(r, hostName, hostName + ": nothing of " + r.vm() + " is active any more (" + here + ")" + macvtapsRemoved
                    + "; pending cleanup of run " + r.id() + " closed");
            if (PendingCleanups.onlyMacvtaps(what)) {   // only macvtaps were left here, and none that the VM does not use is left now
                return closed(r, hostName, hostName + ": " + r.vm() + " is " + here + " there" + macvtapsRemoved + "; pending cleanup of run " + r.id()
                        + " closed");
            }
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
