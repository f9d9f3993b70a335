package io.vfmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** `defaults: {max-concurrent-moves: N}`: the inventory-wide cap on concurrent moves, checked with file:line:key. */
class MaxConcurrentMovesKeyTest {
    private static final String HOSTS = """
            hosts:
              a:
                libvirt-uri: test:///a
                networks:
                  n: {vf-pool: {type: emulated, bridge: br0, slots: 2}}
            """;

    @Test
    void theDefaultIsFiveAndTheKeySetsIt() {
        assertEquals(5, InventoryLoader.parse("inv.yaml", HOSTS).maxConcurrentMoves());
        assertEquals(12, InventoryLoader.parse("inv.yaml", "defaults: {max-concurrent-moves: 12}\n" + HOSTS).maxConcurrentMoves());
    }

    @Test
    void aValueOutOfRangeOrNotANumberNamesFileLineAndKey() {
        for (String bad : new String[] {"0", "1001", "five"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> InventoryLoader.parse("inv.yaml", "defaults:\n  max-concurrent-moves: " + bad + "\n" + HOSTS));
            assertTrue(e.getMessage().contains("inv.yaml:2") && e.getMessage().contains("max-concurrent-moves"), e.getMessage());
        }
    }

    @Test
    void aMisspeltKeyIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> InventoryLoader.parse("inv.yaml", "defaults: {max-moves: 3}\n" + HOSTS));
        assertTrue(e.getMessage().contains("unknown key 'max-moves'"), e.getMessage());
    }
}
