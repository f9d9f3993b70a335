package io.vfmigrate.app.run;

import io.vfmigrate.app.Services;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.ports.Leases;
import java.util.ArrayList;
import java.util.List;

/** Open runs whose coordinator is gone (no live lease on their VM, or one whose process on this host is gone): reported on every start. */
public final class StaleRuns {
    private final Services s;

    public StaleRuns(Services services) { this.s = services; }

    public List<RunRecord> find() {
        List<RunRecord> stale = new ArrayList<>();
        for (RunRecord r : s.journal().runs(false)) {
            var holder = s.leases().holder(Leases.vmKey(r.vm()));
            if (holder.isEmpty() || !holder.get().runId().equals(r.id()) || s.deadHolders().isDead(holder.get())) stale.add(r);
        }
        return stale;
    }

    public static String advice(RunRecord r) {
        return "run " + r.id() + " (" + r.vm() + " " + r.source() + " -> " + r.destination() + ", " + r.state()
                + ", coordinator " + r.coordinator() + ") was left open: `vfmigrate resume " + r.id() + "`, `vfmigrate rollback " + r.id()
                + "`, or, when its VM is gone or was repaired by hand, `vfmigrate close " + r.id() + "`";
    }
}
