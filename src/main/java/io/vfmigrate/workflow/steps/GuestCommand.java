package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestCommands;
import io.vfmigrate.model.Durations;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Printable;
import io.vfmigrate.ports.GuestExecResult;
import io.vfmigrate.workflow.BadStepParameter;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepPlan;
import java.time.Duration;
import java.util.List;

/** A guest-side check from the workflow file: an argument vector that must exit with {@code expectExit}. */
public record GuestCommand(List<String> argv, int expectExit, Duration timeout) implements Step {
    public static final String TYPE = "guest-command";

    /**
     * guest-exec hands the vector to execvp without a shell, as C strings: an empty program, or a NUL
     * or another control character (which would cut an argument short or garble the plan) is refused.
     */
    public GuestCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.get(0).isBlank()) throw new BadStepParameter(TYPE, "argv", "needs a program first");
        for (String a : argv) {
            if (a.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new BadStepParameter(TYPE, "argv", "argument " + Printable.quote(a) + " holds a control character");
            }
        }
        if (expectExit < 0 || expectExit > 255) throw new BadStepParameter(TYPE, "expect-exit", expectExit + " is not 0..255");
    }

    public String type() { return TYPE; }

    public void apply(RunContext ctx) {
        GuestExecResult r = ctx.current().agent().exec(ctx.vm(), argv, timeout);
        if (r.exitCode() != expectExit) {
            throw new FailureException(new Failure.GuestCommandFailed(ctx.vm(), GuestCommands.render(argv), r.exitCode(), r.stderr()));
        }
    }

    public void compensate(RunContext ctx) {}

    public StepPlan plan(RunContext ctx) {
        return new StepPlan(TYPE, "run `" + GuestCommands.render(argv) + "` in the guest, expect exit " + expectExit,
                StepPlan.params("argv", argv, "expect-exit", expectExit, "timeout", Durations.format(timeout)));
    }
}
