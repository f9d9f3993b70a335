package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.ports.Maintenances;
import io.vfmigrate.ports.Maintenances.Maintenance;
import io.vfmigrate.ports.Maintenances.Origin;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory records that the fakes use behave as the store's (the contract's main points). */
class InMemoryMaintenancesTest {
    @Test
    void oneOpenRecordPerHostAndOriginsReplacedPerVm() {
        Maintenances m = new InMemoryMaintenances();
        Instant t = Instant.parse("2026-11-24T12:00:00Z");
        assertTrue(m.open(Maintenance.opened("m1", "host-a", t, "c")));
        assertFalse(m.open(Maintenance.opened("m2", "host-a", t, "c")));
        m.origin("m1", new Origin("vm1", "host-a", "host-b", "r1", "plain", true, ""));
        m.origin("m1", new Origin("vm1", "host-a", "host-b", "r1", "plain", true, "u-1"));
        assertEquals("u-1", m.find("m1").orElseThrow().origins().get(0).uuid());
        m.close("m1", t, "exit --no-return");
        assertEquals(Maintenances.Phase.CLOSED, m.find("m1").orElseThrow().phase());
        assertTrue(m.open(Maintenance.opened("m2", "host-a", t, "c")));
    }
}
