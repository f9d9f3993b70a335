package io.vfmigrate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The top-level command. */
@Command(name = "vfmigrate", mixinStandardHelpOptions = true,
        description = "Live-migrates KVM/libvirt VMs whose network runs over SR-IOV virtual functions.",
        subcommands = {MigrateCommand.class, RunsCommand.class, ShowCommand.class, ResumeCommand.class, RollbackCommand.class, CloseCommand.class,
                ValidateCommand.class, WorkflowsCommand.class, CompletionCommand.class, 
                VmsCommand.class, HostsCommand.class, HostCommand.class, EvacuateCommand.class, ScheduleCommand.class,
                ServeCommand.class, HelpCommand.class},
        footer = {"", "Exit codes:",
                "  0  done",
                "  1  failed and fully compensated (the VM is as it was)",
                "  2  refused before any change (bad input, preflight failed)",
                "  3  needs an operator (the run id and what is left are printed)"})
public final class VfMigrate {
    @picocli.CommandLine.Mixin GlobalOptions global;
}
