package io.vfmigrate.cli;

import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.workflow.RunListener;

/**
 * Opens the run log file of a directory store once the run is journaled (the store exists then): a
 * command refused before that creates nothing, not even the state directory.
 */
public final class LogFileOnStart implements RunListener {
    private final Wiring wiring;
    private final GlobalOptions options;
    private boolean opened;

    public LogFileOnStart(Wiring wiring, GlobalOptions options) {
        this.wiring = wiring;
        this.options = options;
    }

    @Override
    public void stateChanged(RunRecord run, RunState from, RunState to) {
        if (opened) return;
        opened = true;
        wiring.logRuns(options);
    }
}
