package io.vfmigrate.fakes;

import io.vfmigrate.app.Services;
import io.vfmigrate.app.evacuation.EvacuateHostTest;
import io.vfmigrate.app.run.ResumeRollbackTest;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.HostShell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The fake fleet of the rolling tests: host-a holds vm1 (its VF in a bond) and vm2, host-b holds vm3, host-c takes what
 * leaves. The hosts' shells record each command that ran to its end ({@link #hookRuns}), and a coordinator's death is an
 * Error thrown before a chosen command ({@link #dieBefore}).
 */
public final class RollingFleet {
    public static final String HOOK = "/usr/local/sbin/patch --reboot 'now please'";
    public static final String HOOK_ARGV = "/usr/local/sbin/patch --reboot now please";
    public static final String HEALTH = "/usr/local/bin/healthy";

    public final Harness h = new Harness();
    /** "HOST argv" of each shell command that ran to its end. */
    public final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    /** Dies (once) before a shell command whose host and argv it matches runs. */
    public volatile BiPredicate<String, List<String>> dieBefore = (host, argv) -> false;
    /** Asked after each command that ran to its end (e.g. a hook that takes time: the fake clock moves). */
    public volatile BiPredicate<String, List<String>> after = (host, argv) -> false;

    public RollingFleet() {
        h.world.addHost("host-c", 4);
        h.world.plainVm("host-a", "vm2");
        h.world.plainVm("host-b", "vm3");
    }

    /** The harness's services over the three hosts of {@link EvacuateHostTest#INVENTORY}, their shells recorded. */
    public Services services() {
        Services s = Harness.with(h.services(), InventoryLoader.parse("inv.yaml", EvacuateHostTest.INVENTORY), h.services().workflows());
        return new Services(s.inventory(), c -> withShell(h.connector().connect(c)), s.workflows(), s.journal(), s.leases(), s.clock(), s.poll(),
                s.coordinator(), s.runIds(), s.guestTimeout(), s.leaseTtl(), s.deadHolders(), s.hostFlags(), s.moveSlots(), s.maintenances());
    }

    private Host withShell(Host host) {
        HostShell shell = new HostShell() {
            public String host() { return host.name(); }

            public ExecResult run(List<String> argv, Duration timeout) {
                if (dieBefore.test(host.name(), argv)) {
                    dieBefore = (x, y) -> false;
                    throw new ResumeRollbackTest.Death();
                }
                ExecResult r = host.shell().run(argv, timeout);
                ran.add(host.name() + " " + String.join(" ", argv));
                after.test(host.name(), argv);
                return r;
            }
        };
        return new Host(host.name(), host.hypervisor(), host.agent(), shell, host.vfPools(), host.temporaryPorts(), host.migrationUri(), host.probes());
    }

    /** How many times {@link #HOOK} ran to its end on {@code host}. */
    public long hookRuns(String host) { return ran.stream().filter(c -> c.equals(host + " " + HOOK_ARGV)).count(); }

    /** The host that runs {@code vm}. */
    public String where(String vm) {
        return h.world.hypervisors.entrySet().stream().filter(e -> e.getValue().runs(vm)).map(Map.Entry::getKey).findFirst().orElse("nowhere");
    }
}
