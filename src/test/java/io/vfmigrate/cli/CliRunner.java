package io.vfmigrate.cli;

import io.vfmigrate.fakes.Harness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line against a harness's fakes, with the harness's inventory written to {@code dir}; stdout and stderr kept. */
final class CliRunner {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final Path dir;
    private final Harness h;

    CliRunner(Path dir, Harness h) {
        this.dir = dir;
        this.h = h;
    }

    /** {@code args} with {@code --inventory=INVENTORY} appended, stdout and stderr into {@code out} and {@code err}: the exit code. */
    static int execute(Wiring wiring, Path inventory, StringWriter out, StringWriter err, String... args) {
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--inventory=" + inventory);
        return cl.execute(all.toArray(String[]::new));
    }

    int run(String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        if (!Files.exists(inv)) Files.writeString(inv, Harness.INVENTORY);
        Wiring wiring = (inventory, workflows, options) -> Harness.with(h.services(), inventory, workflows);
        return execute(wiring, inv, out, err, args);
    }
}
