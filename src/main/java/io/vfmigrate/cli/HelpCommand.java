package io.vfmigrate.cli;

import io.vfmigrate.model.Printable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code help [COMMAND [SUBCOMMAND...]]}: the usage of vfmigrate or of a command at any depth
 * ({@code help schedule add}). picocli's own help command takes one name, and silently showed
 * {@code schedule}'s usage for {@code help schedule add}.
 */
@Command(name = "help", helpCommand = true, description = "Shows the usage of vfmigrate, or of a command: `help migrate`, `help schedule add`.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, then its subcommands down to the one wanted.")
    List<String> path = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    private CommandLine self;
    private ColorScheme colors;
    private PrintWriter out;

    @Override public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override public void run() {
        CommandLine target = self.getParent();
        for (String name : path) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(target, "unknown command " + Printable.quote(name) + " of `"
                        + target.getCommandSpec().qualifiedName() + "`");
            }
            target = sub;
        }
        target.usage(out, colors);
        out.flush();
    }

    /** The help command that shows {@code cmd}'s usage, as a usage error's hint gives it. */
    static String of(CommandLine cmd) {
        String below = cmd.getCommandSpec().qualifiedName().substring(cmd.getCommandSpec().root().name().length());
        return cmd.getCommandSpec().root().name() + " help" + below;
    }
}
