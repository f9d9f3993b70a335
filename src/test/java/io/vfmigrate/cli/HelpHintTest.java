package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 18.12: the hint of a usage error in `schedule add` was `vfmigrate help add`, which does not
 * exist. For every command at every depth, the hint that a usage error prints is run, and shows that
 * command's usage.
 */
class HelpHintTest {
    StringWriter out;
    StringWriter err;

    int run(List<String> args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = Commands.create((inventory, workflows, options) -> null);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args.toArray(String[]::new));
    }

    @Test
    void theHintOfAUsageErrorRunsAndShowsThatCommandsUsage() {
        List<String> commands = new ArrayList<>();
        OptionBoundsTest.walk(Commands.create((inventory, workflows, options) -> null),
                cl -> commands.add(cl.getCommandSpec().qualifiedName()));
        // help itself takes any argument (picocli checks none for a help command); its errors are below
        assertTrue(commands.remove("vfmigrate help"), commands::toString);
        assertTrue(commands.containsAll(List.of("vfmigrate", "vfmigrate migrate", "vfmigrate schedule", "vfmigrate schedule add")), commands::toString);
        for (String command : commands) {
            List<String> args = new ArrayList<>(Arrays.asList(command.split(" ")).subList(1, command.split(" ").length));
            args.add("--no-such-option");
            assertEquals(2, run(args), () -> command + ": " + err);
            Matcher hint = Pattern.compile("see `vfmigrate ([^`]*)`").matcher(err.toString());
            assertTrue(hint.find(), () -> command + ": no hint in " + err);
            String shown = hint.group(1);
            assertEquals(0, run(List.of(shown.split(" "))), () -> command + ": `vfmigrate " + shown + "` failed: " + err);
            assertTrue(out.toString().startsWith("Usage: " + command + " "), () -> "`vfmigrate " + shown + "` shows: " + out);
        }
    }

    @Test
    void helpOfAnUnknownCommandNamesItAndPointsToItsParent() {
        assertEquals(2, run(List.of("help", "schedule", "nonesuch")));
        assertEquals(List.of("error: unknown command 'nonesuch' of `vfmigrate schedule`", "see `vfmigrate help schedule`"), err.toString().lines().toList());
        assertEquals(0, run(List.of("help", "schedule", "add")));
        assertTrue(out.toString().startsWith("Usage: vfmigrate schedule add "), out::toString);
    }
}
