package io.vfmigrate.cli;

import io.vfmigrate.cli.fleet.EvacuateCommand;
import io.vfmigrate.cli.fleet.HostCommand;
import io.vfmigrate.cli.fleet.HostsCommand;
import io.vfmigrate.cli.fleet.VmsCommand;
import io.vfmigrate.cli.maintenance.MaintenanceCommand;
import io.vfmigrate.cli.maintenance.RollingCommand;
import io.vfmigrate.cli.run.CloseCommand;
import io.vfmigrate.cli.run.MigrateCommand;
import io.vfmigrate.cli.run.RollbackCommand;
import io.vfmigrate.cli.run.RunsCommand;
import io.vfmigrate.cli.run.ShowCommand;
import io.vfmigrate.cli.schedule.ScheduleCommand;
import io.vfmigrate.cli.schedule.ServeCommand;
import picocli.CommandLine.Command;

/** The top-level command. */
@Command(name = "vfmigrate", mixinStandardHelpOptions = true,
        description = "Live-migrates KVM/libvirt VMs whose network runs over SR-IOV virtual functions.",
        subcommands = {MigrateCommand.class, RunsCommand.class, ShowCommand.class, ResumeCommand.class, RollbackCommand.class, CloseCommand.class,
                ValidateCommand.class, WorkflowsCommand.class, CompletionCommand.class,
                VmsCommand.class, HostsCommand.class, HostCommand.class, EvacuateCommand.class, MaintenanceCommand.class, RollingCommand.class, ScheduleCommand.class,
                ServeCommand.class, HelpCommand.class},
        footer = {"", "Exit codes:",
                "  0  done",
                "  1  failed and fully compensated (the VM is as it was)",
                "  2  refused before any change (bad input, preflight failed)",
                "  3  needs an operator (the run id and what is left are printed)"})
public final class VfMigrate {
    @picocli.CommandLine.Mixin GlobalOptions global;
}
