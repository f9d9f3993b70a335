package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.fakes.FakeGuest;
import io.vfmigrate.fakes.FakeHypervisor;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Set-ups for the re-check tests: a run of vm1 (bond-macvtap, host-a to host-b) whose coordinator died
 * after step N with its lease expired, and what an operator (or another run) does by hand afterwards.
 */
public final class HandRepair {
    private static final Pattern ALIAS = Pattern.compile("<alias name='([^']+)'/>");

    private HandRepair() {}

    /** The run "run-1" is left open after step {@code n} (1-based) is journaled done; its lease expired. */
    public static Harness diedAfter(int n) { return diedAfter("bond-macvtap", n); }

    /** The same with another workflow. */
    public static Harness diedAfter(String workflow, int n) {
        Harness h = new Harness();
        RunListener killer = new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
                if (i + 1 == n) throw new ResumeRollbackTest.Death();
            }
        };
        assertThrows(ResumeRollbackTest.Death.class, () -> new MigrateVm(h.services()).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", workflow, false), List.of(killer)));
        h.clock.sleep(Duration.ofMinutes(6));
        return h;
    }

    /** Detaches the vm1 device whose XML contains {@code marker} (an alias, a VF id). */
    static void detach(FakeHypervisor host, String marker) {
        String xml = host.interfaceXmls("vm1").stream().filter(x -> x.contains(marker)).findFirst().orElseThrow();
        Matcher m = ALIAS.matcher(xml);
        if (!m.find()) throw new AssertionError("no alias in " + xml);
        host.detachDevice("vm1", xml, m.group(1), Duration.ofSeconds(1));
    }

    /** The guest's newest NIC with the VM's MAC (the last one plugged). */
    static FakeGuest.Link newestNic(FakeGuest g) {
        return g.links.values().stream().filter(l -> l.permMac.equals(Harness.MAC) && l.kind == null)
                .max(Comparator.comparingInt(l -> l.ifindex)).orElseThrow();
    }

    /** Enslaves {@code link} in bond0 (down first, as the guest needs) and makes it the active slave. */
    static void makeActive(FakeGuest g, FakeGuest.Link link) {
        if (link.master == null) {
            link.up = false;
            g.enslave(link.name, "bond0");
        }
        g.bonds.get("bond0").active = link.name;
    }

    /**
     * The repair an operator does on host-b for a run left after step 6: the VF the run attached is
     * enslaved and active, all_slaves_active back to 0, the temporary port removed. vm1 is healthy.
     */
    public static void finishByHandOnB(Harness h) {
        FakeGuest g = h.b().guest("vm1");
        FakeGuest.Link vf = newestNic(g);
        makeActive(g, vf);
        g.bonds.get("bond0").allSlavesActive = "0";
        detach(h.b(), "ua-vfm-tmp0");
    }
}
