package io.vfmigrate.cli;

import io.vfmigrate.adapters.store.StateStoreException;
import io.vfmigrate.adapters.store.StoreAccessException;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.cli.fleet.EvacuateCommand;
import io.vfmigrate.cli.fleet.HostCommand;
import io.vfmigrate.cli.fleet.HostsCommand;
import io.vfmigrate.cli.fleet.VmsCommand;
import io.vfmigrate.cli.run.CloseCommand;
import io.vfmigrate.cli.run.MigrateCommand;
import io.vfmigrate.cli.run.RollbackCommand;
import io.vfmigrate.cli.run.RunsCommand;
import io.vfmigrate.cli.run.ShowCommand;
import io.vfmigrate.cli.schedule.ScheduleCommand;
import io.vfmigrate.cli.schedule.ServeCommand;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Printable;
import io.vfmigrate.ports.LeaseLostException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Builds the command line with a wiring, and maps errors to exit codes. Every refusal and error is
 * one line on stderr, {@code error: ...}; a usage error adds a hint instead of the whole usage.
 */
public final class Commands {
    private Commands() {}

    public static CommandLine create(Wiring wiring) {
        CommandLine cl = new CommandLine(new VfMigrate(), new CommandLine.IFactory() {
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == MigrateCommand.class) return cls.cast(new MigrateCommand(wiring));
                if (cls == RunsCommand.class) return cls.cast(new RunsCommand(wiring));
                if (cls == ShowCommand.class) return cls.cast(new ShowCommand(wiring));
                if (cls == ResumeCommand.class) return cls.cast(new ResumeCommand(wiring));
                if (cls == RollbackCommand.class) return cls.cast(new RollbackCommand(wiring));
                if (cls == CloseCommand.class) return cls.cast(new CloseCommand(wiring));
                if (cls == VmsCommand.class) return cls.cast(new VmsCommand(wiring));
                if (cls == HostsCommand.class) return cls.cast(new HostsCommand(wiring));
                if (cls == HostCommand.class) return cls.cast(new HostCommand(wiring));
                if (cls == EvacuateCommand.class) return cls.cast(new EvacuateCommand(wiring));
                if (cls == ScheduleCommand.Add.class) return cls.cast(new ScheduleCommand.Add(wiring));
                if (cls == ScheduleCommand.ListSchedules.class) return cls.cast(new ScheduleCommand.ListSchedules(wiring));
                if (cls == ScheduleCommand.Remove.class) return cls.cast(new ScheduleCommand.Remove(wiring));
                if (cls == ServeCommand.class) return cls.cast(new ServeCommand(wiring));
                return CommandLine.defaultFactory().create(cls);
            }
        });
        VersionProvider version = new VersionProvider();
        cl.getCommandSpec().versionProvider(version);
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
        cl.getSubcommands().get("schedule").getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
        cl.registerConverter(Duration.class, new DurationConverter());
        cl.setExecutionStrategy(parsed -> {
            if (!helpRequested(parsed)) OptionBounds.check(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setParameterExceptionHandler(Commands::usageError);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd.getErr()));
        return cl;
    }

    private static boolean helpRequested(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) return true;
        }
        return false;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        ErrorLines.print(err, e.getMessage());
        boolean top = cmd.getParent() == null;
        err.println("see `vfmigrate help" + (top ? "" : " " + cmd.getCommandName()) + "`");
        err.flush();
        return ExitCode.REFUSED;
    }

    private static int failure(Exception e, PrintWriter err) {
        if (e instanceof ConfigException || e instanceof IllegalArgumentException || e instanceof StateStoreException) {
            ErrorLines.print(err, e.getMessage());
            return ExitCode.REFUSED;
        }
        if (e instanceof FailureException f) {
            ErrorLines.print(err, f.failure().message() + " (nothing was changed)");
            return ExitCode.REFUSED;
        }
        if (e instanceof LeaseLostException) {
            ErrorLines.print(err, e.getMessage());
            return ExitCode.NEEDS_OPERATOR;
        }
        if (e instanceof StoreAccessException) {
            ErrorLines.print(err, "the state store failed: " + e.getMessage());
            err.println("a run may be open: check `vfmigrate runs` once the store answers again");
            err.flush();
            return ExitCode.NEEDS_OPERATOR;
        }
        ErrorLines.print(err, "internal error: " + e);
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        trace.toString().lines().forEach(l -> err.println(Printable.clean(l)));
        err.println("check `vfmigrate runs` for a run left open");
        err.flush();
        return ExitCode.NEEDS_OPERATOR;
    }
}
