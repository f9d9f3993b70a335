package io.vfmigrate.workflow.steps;

import io.vfmigrate.model.Durations;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepPlan;
import java.time.Duration;

/** Waits, e.g. for switches to learn the new port before the next step. */
public record Wait(Duration duration) implements Step {
    public static final String TYPE = "wait";

    public String type() { return TYPE; }

    public void apply(RunContext ctx) { ctx.poll().sleep(duration, "waiting " + Durations.format(duration)); }

    public void compensate(RunContext ctx) {}

    public StepPlan plan(RunContext ctx) {
        return new StepPlan(TYPE, "wait " + Durations.format(duration), StepPlan.params("duration", Durations.format(duration)));
    }
}
