package io.vfmigrate.cli.maintenance;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.cli.GlobalOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "maintenance", mixinStandardHelpOptions = true, subcommands = {EnterCommand.class, StatusCommand.class, ExitCommand.class},
        description = {"A host's maintenance: enter (disable and evacuate it, recording where each VM went), status, and exit (enable it",
                "and move its VMs back). Journaled in the state store; an enter or exit cut short goes on when run again."})
public final class MaintenanceCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.REFUSED;
    }

    /** The global options given after the subcommand, else before `maintenance`. */
    static GlobalOptions global(CommandSpec spec, GlobalOptions own) {
        return spec.parent() != null ? own.orParent(spec.parent()) : own;
    }
}
