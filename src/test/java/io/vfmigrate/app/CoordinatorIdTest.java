package io.vfmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.process.ProcfsProcessTable;
import io.vfmigrate.ports.Leases;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoordinatorIdTest {
    @Test
    void roundTripsAndRefusesOtherForms() {
        CoordinatorId id = new CoordinatorId("node7", 4242, 123456);
        assertEquals("node7:4242:123456", id.toString());
        assertEquals(Optional.of(id), CoordinatorId.parse(id.toString()));
        assertTrue(CoordinatorId.parse("node7:4242").isEmpty(), "the old host:pid form is waited for, not judged");
        assertTrue(CoordinatorId.parse("coordinator-x").isEmpty());
        assertTrue(CoordinatorId.parse("a:b:c").isEmpty());
    }

    @Test
    void thisProcessIsAliveWithItsOwnStartTime() {
        var procs = new ProcfsProcessTable();
        CoordinatorId me = CoordinatorId.current("here", procs);
        assertEquals(ProcessHandle.current().pid(), me.pid());
        var dead = new DeadHolders("here", procs);
        assertTrue(!dead.isDead(new Leases.Holder("vm:x", "r", me.toString(), java.time.Instant.now(), 1)));
        assertTrue(dead.isDead(new Leases.Holder("vm:x", "r", "here:" + me.pid() + ":" + (me.startTime() + 1),
                java.time.Instant.now(), 1)), "same pid, another start time: another process");
        assertTrue(!dead.isDead(new Leases.Holder("vm:x", "r", "elsewhere:999999999:1", java.time.Instant.now(), 1)));
    }
}
