package io.vfmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Item 1 of issue 8: "done" is checked from the hosts before a run reports success. */
class EndStateVerifierTest {

    @Test
    void naiveOnAGuestWhoseVfIsInNoBondEndsWithTheNicDownAndIsNotDone() {
        Harness h = new Harness();
        h.world.unbondedVm("host-a", "vm2", 1, "52:54:00:c0:00:22");
        var r = new MigrateVm(h.services()).run(new MigrateRequest("vm2", Optional.empty(), "host-b", "naive", false), List.of(h.trace));
        assertEquals(ExitCode.NEEDS_OPERATOR, r.exitCode(), () -> h.trace.events.toString());
        RunState state = r.outcome().orElseThrow().state();
        assertEquals(RunState.NEEDS_OPERATOR, state);
        String leftovers = r.outcome().get().leftovers().toString();
        assertTrue(leftovers.contains("is down"), leftovers);
        assertTrue(r.outcome().get().cause().orElseThrow().message().contains("end state is not reached"), leftovers);
    }

    @Test
    void aTemporaryPortLeftAttachedIsNotDone() {
        Harness h = new Harness();
        h.b().detachLost = true;   // the temporary port's removal is answered as done, but QEMU keeps it
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.NEEDS_OPERATOR, r.exitCode(), () -> h.trace.events.toString());
        String leftovers = r.outcome().orElseThrow().leftovers().toString();
        assertTrue(leftovers.contains("temporary port ua-vfm-tmp0"), leftovers);
        assertTrue(h.trace.events.contains("apply:remove-temporary-port"), h.trace.events::toString);
    }

    @Test
    void aHealthyRunIsVerifiedAndDone() {
        Harness h = new Harness();
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertTrue(h.world.mutations.stream().noneMatch(m -> m.startsWith("destroy") || m.startsWith("resume")), h.world.mutations::toString);
    }
}
