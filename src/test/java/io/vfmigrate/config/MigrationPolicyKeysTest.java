package io.vfmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inventory's migration policy keys: `defaults: migration:` and a host's `migration:`, checked with file:line. */
class MigrationPolicyKeysTest {
    private static final String HOST = """
              a:
                libvirt-uri: test:///a
                networks:
                  n: {vf-pool: {type: emulated, bridge: br0, slots: 2}}
            """;

    @Test
    void defaultsAndHostValuesAreRead() {
        Inventory inv = InventoryLoader.parse("inv.yaml", """
                defaults:
                  migration: {on-timeout: force, downtime-schedule: [100ms, 300ms], tls: yes}
                hosts:
                """ + HOST + """
                    migration: {bandwidth-mib-per-s: 200, tls: no}
                """);
        assertEquals(Map.of("on-timeout", "force", "downtime-schedule", "100ms,300ms", "tls", "yes"), inv.migrationDefaults());
        assertEquals(Map.of("bandwidth-mib-per-s", "200", "tls", "no"), inv.host("a").migration());
    }

    @Test
    void aValueOutOfRangeNamesFileLineKeyAndRange() {
        ConfigException e = assertThrows(ConfigException.class, () -> InventoryLoader.parse("inv.yaml", """
                defaults:
                  migration:
                    parallel-connections: 99
                hosts:
                """ + HOST));
        assertEquals(true, e.getMessage().contains("inv.yaml:3"), e.getMessage());
        assertEquals(true, e.getMessage().contains("parallel-connections: '99' is not valid (1..64)"), e.getMessage());
    }

    @Test
    void aTlsValueThatIsNotYesOrNoNamesFileLineAndKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> InventoryLoader.parse("inv.yaml", """
                defaults:
                  migration:
                    tls: maybe
                hosts:
                """ + HOST));
        assertEquals(true, e.getMessage().contains("inv.yaml:3"), e.getMessage());
        assertEquals(true, e.getMessage().contains("tls: 'maybe' is not valid (yes|no"), e.getMessage());
    }

    @Test
    void anUnknownKeyIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> InventoryLoader.parse("inv.yaml", """
                hosts:
                """ + HOST + """
                    migration: {post-copy: yes}
                """));
        assertEquals(true, e.getMessage().contains("unknown key 'post-copy'"), e.getMessage());
    }
}
