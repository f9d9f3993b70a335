package io.vfmigrate.cli;

import io.vfmigrate.fakes.Harness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CLI tests on the real store (SQLite under a temporary directory) with the fake hosts of a {@link Harness} share:
 * each {@link #run} is a fresh command line on a fresh wiring, its stdout and stderr in {@link #out} and {@link #err}.
 */
abstract class FakeHostsCli {
    @TempDir Path dir;
    final Harness h = new Harness();
    private final List<RealWiring> wirings = new ArrayList<>();
    StringWriter out;
    StringWriter err;

    Path state() { return dir.resolve("state"); }

    /** The clock the commands read (the harness's fake clock, unless a test wants another). */
    Clock clock() { return h.clock; }

    int run(String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        if (!Files.exists(inv)) Files.writeString(inv, Harness.INVENTORY);
        out = new StringWriter();
        err = new StringWriter();
        RealWiring wiring = new RealWiring(h.connector(), clock(), h.clock);
        wirings.add(wiring);
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--inventory", inv.toString(), "--state", state().toString()));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    @AfterEach
    void close() { wirings.forEach(RealWiring::close); }
}
