package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.app.Services;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.workflow.RunListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wiring's run listeners hear every run, as the lab's crash tests need: they start the CLI through
 * {@link CrashTestMain}, whose kill switch is such a listener (the shipped jar has none).
 */
class RunListenersCliTest {
    @TempDir Path dir;
    final Harness h = new Harness();
    final StringWriter err = new StringWriter();
    final List<String> heard = new ArrayList<>();

    int run(String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        Files.writeString(inv, Harness.INVENTORY);
        RunListener recorder = new RunListener() {
            @Override public void stepSucceeded(RunRecord run, int index, String type, Duration took, Map<String, String> facts) {
                heard.add(run.vm() + " " + (index + 1) + " " + type);
            }
        };
        Wiring wiring = new Wiring() {
            public Services services(Inventory inventory, WorkflowLoader workflows, GlobalOptions options) {
                return Harness.with(h.services(), inventory, workflows);
            }

            @Override public List<RunListener> runListeners() { return List.of(recorder); }
        };
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--inventory", inv.toString()));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    @Test
    void aMigrateRunIsHeardStepByStep() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b"), err::toString);
        assertEquals("vm1 1 add-temporary-port", heard.get(0));
        assertEquals("vm1 9 remove-temporary-port", heard.get(heard.size() - 1));
    }

    @Test
    void eachRunOfAnEvacuationIsHeard() throws Exception {
        assertEquals(0, run("evacuate", "host-a"), err::toString);
        assertEquals("vm1 1 add-temporary-port", heard.get(0));
        assertEquals("vm1 9 remove-temporary-port", heard.get(heard.size() - 1));
    }
}
