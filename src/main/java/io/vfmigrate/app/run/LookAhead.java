package io.vfmigrate.app.run;

import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Services;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.Vf;
import io.vfmigrate.workflow.VfReservations;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The preflight of a plain `migrate` made before the VM's lease is taken, so that a refusal writes nothing and
 * creates no state store. As the VF reservations of that preflight it takes nothing: it says whether a VF is free of
 * leases and remembers the ones it said were (the ones the preflight chose).
 *
 * <p>Once the run holds the VM's lease, the look is trusted only if what that lease protects held meanwhile: no run of
 * the VM was journaled since the look began (one that came and went while the look read the hosts may have moved the
 * VM or its VFs; every run is journaled before it acts), and every VF the look chose can be reserved for this run now
 * and is still free on its host (a run that came and went may have left it attached). Otherwise the preflight runs
 * again, under the lease, as the moves of an evacuation run theirs.
 */
final class LookAhead implements VfReservations {
    private final Services s;
    private final String vm;
    private final Set<String> runsBefore;
    private final VfReservations lookOnly;
    private final List<Vf> chosen = new ArrayList<>();

    private LookAhead(Services s, String vm) {
        this.s = s;
        this.vm = vm;
        this.runsBefore = runIds();
        this.lookOnly = LeaseReservations.lookOnly(s);
    }

    /** Begins the look: to be called before its first read of the hosts. Reads the journal; writes nothing. */
    static LookAhead begin(Services s, String vm) { return new LookAhead(s, vm); }

    public synchronized boolean reserve(Vf vf) {
        boolean free = lookOnly.reserve(vf);
        if (free) chosen.add(vf);
        return free;
    }

    public void release(Vf vf) {}

    /**
     * With the VM's lease held: empty when the look still holds, the VFs it chose now reserved through
     * {@code reservations}; else what changed since it began (and none of those VFs is kept).
     */
    synchronized Optional<String> changedSince(VfReservations reservations, java.util.function.Predicate<Vf> stillFree) {
        Set<String> now = runIds();
        now.removeAll(runsBefore);
        if (!now.isEmpty()) return Optional.of("run " + String.join(", ", now) + " of " + vm + " was journaled meanwhile");
        List<Vf> taken = new ArrayList<>();
        for (Vf vf : chosen) {
            if (!reservations.reserve(vf)) {
                taken.forEach(reservations::release);
                return Optional.of("VF " + vf + " was reserved by another run meanwhile");
            }
            taken.add(vf);
        }
        // a VF free of leases may still have been taken and let go by a run that came and went during the look
        for (Vf vf : chosen) {
            if (!stillFree.test(vf)) {
                taken.forEach(reservations::release);
                return Optional.of("VF " + vf + " is no longer free on its host");
            }
        }
        return Optional.empty();
    }

    private Set<String> runIds() {
        return s.journal().runsOf(vm).stream().filter(r -> !ParentRuns.isEvacuation(r)).map(RunRecord::id)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
