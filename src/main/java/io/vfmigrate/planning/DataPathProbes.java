package io.vfmigrate.planning;

import io.vfmigrate.guest.GuestNetwork;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.Facts;
import java.util.Optional;

/**
 * The data path of each bond whose network has a probe address in the inventory: the guest pings it before
 * any change. If it answers, each switch-over is verified by the same ping (recorded for the steps); if not,
 * the run goes on with the bond's active slave verified only, and the check says so.
 */
final class DataPathProbes {
    private DataPathProbes() {}

    static void run(Preflight pf, Host source, GuestNetwork guest, Facts facts) {
        for (BondFacts bond : BondFacts.all(facts)) {
            Optional<String> probe = source.probe(bond.network());
            if (probe.isEmpty()) continue;
            String name = "data-path-probe:" + bond.name();
            pf.run(name, () -> {
                if (!guest.reaches(probe.get())) {
                    return Check.warning(name, probe.get() + " (the probe of network " + bond.network() + ") does not answer " + bond.name()
                            + " now: its data path is not verified after the switch-overs, only its active slave");
                }
                bond.probe(probe.get());
                return Check.ok(name, probe.get() + " answers through " + bond.name() + ": verified again after each switch-over");
            });
        }
    }
}
