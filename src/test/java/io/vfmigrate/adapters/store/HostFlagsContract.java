package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.ports.HostFlags;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Disabled hosts in the store, seen by every coordinator opening it; run on SQLite and PostgreSQL by the subclasses. */
abstract class HostFlagsContract extends StoreFixture {
    @Test
    void aDisabledHostIsSeenByAnotherCoordinatorUntilEnabled() {
        HostFlags one = open().hostFlags();
        HostFlags other = open().hostFlags();
        one.disable("host-a", "evacuation", "lab:1");
        clock.sleep(Duration.ofSeconds(5));
        other.disable("host-a", "firmware", "lab:2"); // already disabled: the first reason stays
        HostFlags.Disabled d = other.disabled().get("host-a");
        assertEquals("evacuation", d.reason());
        assertEquals("lab:1", d.by());
        assertEquals(clock.instant().minusSeconds(5), d.since());
        other.enable("host-a");
        other.enable("host-a");
        assertTrue(one.disabled().isEmpty());
    }

    @Test
    void aVersionOneStoreGainsTheTableInPlace() throws SQLException {
        // a store written by the vfmigrate before disabled hosts existed
        java.util.List<String> v1 = new java.util.ArrayList<>(Schema.MIGRATIONS.get(0).statements().apply(StoreLocation.parse(location()).dialect()));
        v1.add("CREATE TABLE vfmigrate_schema (version INTEGER NOT NULL)");
        v1.add("INSERT INTO vfmigrate_schema (version) VALUES (1)");
        sql(v1.toArray(String[]::new));
        StateStore store = open();
        assertTrue(Schema.CURRENT_VERSION >= 3);
        store.hostFlags().disable("host-b", "maintenance", "lab:3");
        assertEquals(java.util.Set.of("host-b"), store.hostFlags().disabled().keySet());
    }
}
