package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.ports.Maintenances;
import io.vfmigrate.ports.Maintenances.Maintenance;
import io.vfmigrate.ports.Maintenances.Origin;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Maintenance records in the store, seen by every coordinator opening it; run on SQLite and PostgreSQL by the subclasses. */
abstract class MaintenancesContract extends StoreFixture {
    @Test
    void aRecordKeepsItsOriginMapAndItsLinksUntilClosedAndAfter() {
        Maintenances one = open().maintenances();
        Maintenances other = open().maintenances();
        var since = clock.instant();
        assertTrue(one.open(Maintenance.opened("m1", "host-a", since, "lab:1")));
        assertFalse(other.open(Maintenance.opened("m2", "host-a", since, "lab:2")), "one open record per host, across coordinators");
        assertTrue(other.open(Maintenance.opened("m3", "host-b", since, "lab:2")));
        assertEquals(Maintenances.Phase.ENTERING, other.openOn("host-a").orElseThrow().phase());

        one.evacuation("m1", "e1");
        one.origin("m1", new Origin("vm1", "host-a", "host-b", "r1", "bond-ovs", true, ""));
        one.origin("m1", new Origin("vm2", "host-a", "host-c", "r2", "offline", false, "u-2"));
        one.origin("m1", new Origin("vm1", "host-a", "host-b", "r1", "bond-ovs", true, "u-1")); // its UUID read later
        clock.sleep(Duration.ofSeconds(5));
        one.entered("m1", clock.instant());
        Maintenance m = other.openOn("host-a").orElseThrow();
        assertEquals(Maintenances.Phase.IN, m.phase());
        assertEquals(Optional.of("e1"), m.evacuation());
        assertEquals(since, m.since());
        assertEquals("lab:1", m.by());
        assertEquals(Optional.of(clock.instant()), m.entered());
        assertEquals(List.of(new Origin("vm1", "host-a", "host-b", "r1", "bond-ovs", true, "u-1"),
                new Origin("vm2", "host-a", "host-c", "r2", "offline", false, "u-2")), m.origins());

        one.returning("m1", "b1");
        assertEquals(Maintenances.Phase.EXITING, other.find("m1").orElseThrow().phase());
        one.close("m1", clock.instant(), "returned");
        assertTrue(other.openOn("host-a").isEmpty());
        assertEquals(List.of("m3"), other.list(false).stream().map(Maintenance::id).toList());
        Maintenance closed = other.find("m1").orElseThrow();
        assertEquals(Maintenances.Phase.CLOSED, closed.phase());
        assertEquals("returned", closed.closedHow());
        assertEquals(2, closed.origins().size(), "kept for history");
        assertEquals(List.of("m1", "m3"), other.list(true).stream().map(Maintenance::id).sorted().toList());
        assertTrue(other.open(Maintenance.opened("m4", "host-a", clock.instant(), "lab:2")), "a closed record lets the host in again");
    }
}
