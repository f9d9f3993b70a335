package io.vfmigrate.fakes;

import io.vfmigrate.app.Evacuations;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.evacuation.EvacuateHost;
import io.vfmigrate.app.run.VmRunner;
import io.vfmigrate.ports.DestinationBreakers;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;

/** An evacuation on test services, each VM moved by an ordinary run, as the CLI's wiring builds it. */
public final class Evacuate {
    private Evacuate() {}

    public static EvacuateHost on(Services s, DestinationBreakers breakers) {
        return new EvacuateHost(s, new VmRunner(s), Evacuations.Controls.of(breakers));
    }

    public static EvacuateHost on(Services s, DestinationBreakers breakers, MoveGate gate, RunListener observer) {
        return new EvacuateHost(s, new VmRunner(s), Evacuations.Controls.of(breakers).gate(gate).observer(observer));
    }

    public static EvacuateHost on(Services s, DestinationBreakers breakers, RunControls controls) {
        return new EvacuateHost(s, new VmRunner(s), Evacuations.Controls.of(breakers).run(controls));
    }
}
