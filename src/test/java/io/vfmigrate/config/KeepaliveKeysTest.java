package io.vfmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.Keepalive;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** `defaults: {keepalive-interval: 5s, keepalive-count: 3}`: libvirt keepalive on every connection, checked with file:line:key. */
class KeepaliveKeysTest {
    private static final String HOSTS = Harness.INVENTORY;

    private static Keepalive of(String defaults) {
        Inventory inv = InventoryLoader.parse("inv.yaml", defaults + HOSTS);
        assertEquals(inv.host("host-a").keepalive(), inv.host("host-b").keepalive(), "every host gets the defaults");
        return inv.host("host-a").keepalive();
    }

    @Test
    void theDefaultIsFiveSecondsThreeTimes() {
        assertEquals(new Keepalive(Duration.ofSeconds(5), 3), of(""));
        assertEquals(Keepalive.DEFAULT, of(""));
        assertEquals(Duration.ofSeconds(20), Keepalive.DEFAULT.detectionTime());
    }

    @Test
    void theKeysSetIntervalAndCountOrTurnItOff() {
        assertEquals(new Keepalive(Duration.ofSeconds(10), 5), of("defaults: {keepalive-interval: 10s, keepalive-count: 5}\n"));
        assertEquals(new Keepalive(Duration.ofMinutes(1), 3), of("defaults: {keepalive-interval: 1m}\n"));
        assertEquals(new Keepalive(Duration.ofSeconds(5), 1), of("defaults: {keepalive-count: 1}\n"));
        assertFalse(of("defaults: {keepalive-interval: off}\n").on());
        assertFalse(of("defaults: {keepalive-interval: 0s}\n").on());
        assertEquals("off", of("defaults: {keepalive-interval: off}\n").toString());
        assertEquals("5s x 3", Keepalive.DEFAULT.toString());
    }

    @Test
    void aBadValueNamesFileLineAndKey() {
        for (String bad : new String[] {"keepalive-interval: 500ms", "keepalive-interval: 11m", "keepalive-interval: five",
                "keepalive-interval: -5s", "keepalive-interval: [5s]", "keepalive-count: 0", "keepalive-count: 101", "keepalive-count: many"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> InventoryLoader.parse("inv.yaml", "defaults:\n  " + bad + "\n" + HOSTS));
            String key = bad.substring(0, bad.indexOf(':'));
            assertTrue(e.getMessage().startsWith("inv.yaml:2: defaults." + key + ": "), bad + " -> " + e.getMessage());
        }
        ConfigException e = assertThrows(ConfigException.class, () -> InventoryLoader.parse("inv.yaml", "defaults:\n  keepalive-interval: 500ms\n" + HOSTS));
        assertTrue(e.getMessage().contains("whole seconds"), e.getMessage());
    }

    @Test
    void aMisspeltKeyIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> InventoryLoader.parse("inv.yaml", "defaults: {keep-alive: 5s}\n" + HOSTS));
        assertTrue(e.getMessage().contains("unknown key 'keep-alive'"), e.getMessage());
    }
}
