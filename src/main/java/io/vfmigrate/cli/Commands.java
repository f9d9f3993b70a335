package io.vfmigrate.cli;

import io.vfmigrate.app.ExitCode;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Builds the command line with a wiring, and maps errors to exit codes. Every refusal and error is
 * one line on stderr, {@code error: ...}; a usage error adds a hint instead of the whole usage.
 */
public final class Commands {
    private Commands() {}

    public static CommandLine create(Wiring wiring) {
        CommandLine cl = new CommandLine(new VfMigrate(), new WiringFactory(wiring));
        VersionProvider version = new VersionProvider();
        everyCommand(cl, c -> c.getCommandSpec().versionProvider(version));
        cl.registerConverter(Duration.class, new DurationConverter());
        cl.setExecutionStrategy(Commands::execute);
        ErrorExits errors = new ErrorExits();
        cl.setExitCodeExceptionMapper(errors);
        cl.setParameterExceptionHandler(Commands::usageError);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> errors.report(e, cmd.getErr(), verbose(parsed)));
        return cl;
    }

    private static void everyCommand(CommandLine cl, java.util.function.Consumer<CommandLine> action) {
        action.accept(cl);
        cl.getSubcommands().values().forEach(sub -> everyCommand(sub, action));
    }

    /** The option ranges first; an Error (not only an Exception) ends in the one line of {@link ErrorExits}, not a JVM trace. */
    private static int execute(ParseResult parsed) {
        if (!helpRequested(parsed)) OptionBounds.check(parsed);
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (Error e) {
            throw new CommandLine.ExecutionException(last(parsed).commandSpec().commandLine(), "internal error", e);
        }
    }

    private static ParseResult last(ParseResult parsed) {
        ParseResult p = parsed;
        while (p.subcommand() != null) p = p.subcommand();
        return p;
    }

    private static boolean helpRequested(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) return true;
        }
        return false;
    }

    /** --verbose (-v) given before the command or after it. */
    static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        ErrorLines.print(err, e.getMessage());
        err.println("see `" + HelpCommand.of(cmd) + "`");
        err.flush();
        return ExitCode.REFUSED;
    }
}
