package io.vfmigrate.app;

import io.vfmigrate.ports.DestinationBreakers;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;

/** Starts or resumes a host's evacuation, for the use cases that run one as a part (schedules, maintenance). */
public interface Evacuations {
    /** An evacuation driven by these controls. */
    Evacuation with(Controls controls);

    interface Evacuation {
        EvacuationResult run(EvacuationRequestSpec spec, EvacuationProgress progress);

        EvacuationResult resume(String evacuationId, EvacuationProgress progress);

        /** The plan alone (a dry run): changes nothing; its exit code and refusal as {@link #run} would refuse. */
        EvacuationResult plan(EvacuationRequestSpec spec);

        /**
         * Moves VMs back into one host with the evacuation's machinery (move slots, limits, breakers, up to the same tries),
         * journaled as a parent record of its own ({@link ParentRuns#isReturn}); the host's flag is left as it is.
         */
        EvacuationResult moveBack(ReturnPlan plan, EvacuationProgress progress);

        /**
         * Goes on with a move back whose coordinator died: its runs left open in flight first, then {@code replan} (asked
         * after them, so that it sees where they ended) gives the VMs still to move.
         */
        EvacuationResult resumeMoveBack(String returnId, java.util.function.Supplier<ReturnPlan> replan, EvacuationProgress progress);
    }

    /**
     * {@code gate} is asked before each new move; {@code observer} hears every run's events (metrics);
     * {@code run}: each VM's run gets it (the command line's policy layer, the signal state), as `migrate` does.
     */
    record Controls(DestinationBreakers breakers, MoveGate gate, RunListener observer, RunControls run) {
        public static Controls of(DestinationBreakers breakers) {
            return new Controls(breakers, MoveGate.OPEN, RunListener.NONE, RunControls.NONE);
        }

        public Controls gate(MoveGate g) { return new Controls(breakers, g, observer, run); }

        public Controls observer(RunListener o) { return new Controls(breakers, gate, o, run); }

        public Controls run(RunControls r) { return new Controls(breakers, gate, observer, r); }
    }
}
