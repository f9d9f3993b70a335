package io.vfmigrate.adapters.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {
    @Test
    void opensAfterConsecutiveFailuresOnlyAndPerDestination() {
        CircuitBreakers b = new CircuitBreakers(2);
        b.failed("host-b");
        b.succeeded("host-b");
        b.failed("host-b");
        assertTrue(b.allows("host-b"), "a success in between keeps it closed");
        b.failed("host-b");
        assertFalse(b.allows("host-b"));
        assertTrue(b.allows("host-c"));
        b.succeeded("host-b"); // a run that started before it opened
        assertFalse(b.allows("host-b"));
        assertEquals(Set.of("host-b"), b.open());
    }
}
