package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A command class with a (Wiring) constructor gets the wiring without a line in the factory; others are built as picocli would. */
class WiringFactoryTest {
    static Wiring given;

    @Command(name = "wired")
    static final class Wired implements Callable<Integer> {
        private final Wiring wiring;

        Wired(Wiring wiring) { this.wiring = wiring; }

        public Integer call() {
            given = wiring;
            return 0;
        }
    }

    @Command(name = "plain")
    static final class Plain implements Callable<Integer> {
        public Integer call() { return 7; }
    }

    @Command(name = "top", subcommands = {Wired.class, Plain.class})
    static final class Top {}

    @Test
    void aNewSubcommandGetsTheWiringAndOneWithoutIsBuiltAsPicocliWould() {
        Wiring wiring = (inventory, workflows, options) -> null;
        CommandLine cl = new CommandLine(new Top(), new WiringFactory(wiring));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute("wired"));
        assertSame(wiring, given);
        assertEquals(7, cl.execute("plain"));
    }
}
