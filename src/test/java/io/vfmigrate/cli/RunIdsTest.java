package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunIdsTest {
    @Test
    void aSuffixDrawnTwiceInOneSecondIsDrawnAgainAndANewSecondStartsAfresh() {
        Iterator<Integer> draws = List.of(0xabcd, 0xabcd, 0x1234, 0xabcd).iterator();
        Instant[] now = {Instant.parse("2026-12-07T02:00:00.100Z")};
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        RunIds ids = new RunIds(clock, draws::next);
        assertEquals("r20261207-020000-abcd", ids.get());
        assertEquals("r20261207-020000-1234", ids.get(), "the same suffix in the same second is drawn again");
        now[0] = Instant.parse("2026-12-07T02:00:01Z");
        assertEquals("r20261207-020001-abcd", ids.get(), "another second: any suffix");
    }
}
