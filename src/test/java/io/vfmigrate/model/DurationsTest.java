package io.vfmigrate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsEveryUnitDaysIncluded() {
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofDays(7), Durations.parse("7d"));
    }

    @Test
    void aBadFormNamesTheValueAndListsTheUnits() {
        for (String bad : new String[] {"1x", "7 days", "-1s", "1.5h", "", "1234567890s"}) {
            String message = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad)).getMessage();
            assertTrue(message.contains("'" + bad + "'") && message.contains("ms, s, m, h, d"), message);
        }
    }
}
