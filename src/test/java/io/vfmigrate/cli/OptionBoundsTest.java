package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every number and duration option of every command has a range, and its default lies in it. */
class OptionBoundsTest {
    private static final Set<Class<?>> RANGED = Set.of(int.class, Integer.class, long.class, Long.class, Duration.class);

    @Test
    void everyNumberAndDurationOptionHasBoundsHoldingItsDefault() {
        List<String> wrong = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        walk(Commands.create((inventory, workflows, options) -> null), cl -> {
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (!RANGED.contains(o.type())) continue;
                String name = cl.getCommandSpec().qualifiedName() + " " + o.longestName();
                seen.add(o.longestName());
                Bounds b = OptionBounds.of(o);
                if (b == null) {
                    wrong.add(name + " has no @Bounds");
                } else if (o.defaultValue() != null) {
                    Object dflt = o.type() == Duration.class ? Durations.parse(o.defaultValue()) : Long.valueOf(o.defaultValue());
                    if (!OptionBounds.within(dflt, b)) wrong.add(name + ": default " + o.defaultValue() + " outside " + b.min() + ".." + b.max());
                }
            }
        });
        assertTrue(seen.containsAll(List.of("--lease-ttl", "--grace", "--window", "--parallel", "--max-per-destination")), seen::toString);
        assertEquals(List.of(), wrong);
    }

    static void walk(CommandLine cl, java.util.function.Consumer<CommandLine> visit) {
        visit.accept(cl);
        cl.getSubcommands().values().forEach(sub -> walk(sub, visit));
    }
}
