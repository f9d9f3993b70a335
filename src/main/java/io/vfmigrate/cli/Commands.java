package io.vfmigrate.cli;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.FailureException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Builds the command line with a wiring, and maps errors to exit codes. */
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
                if (cls == VmsCommand.class) return cls.cast(new VmsCommand(wiring));
                if (cls == HostsCommand.class) return cls.cast(new HostsCommand(wiring));
                if (cls == HostCommand.class) return cls.cast(new HostCommand(wiring));
                if (cls == EvacuateCommand.class) return cls.cast(new EvacuateCommand(wiring));
                return CommandLine.defaultFactory().create(cls);
            }
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof ConfigException || e instanceof IllegalArgumentException
                    || e instanceof io.vfmigrate.adapters.store.StateStoreException) {
                err.println("error: " + e.getMessage());
                return ExitCode.REFUSED;
            }
            if (e instanceof FailureException f) {
                err.println("error: " + f.failure().message() + " (nothing was changed)");
                return ExitCode.REFUSED;
            }
            if (e instanceof io.vfmigrate.adapters.store.StoreAccessException) {
                err.println("error: the state store failed: " + e.getMessage());
                err.println("a run may be open: check `vfmigrate runs` once the store answers again");
                return ExitCode.NEEDS_OPERATOR;
            }
            err.println("internal error: " + e);
            e.printStackTrace(err);
            err.println("check `vfmigrate runs` for a run left open");
            return ExitCode.NEEDS_OPERATOR;
        });
        return cl;
    }
}
