package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The observer's meter reads fping's output (as fping 5.1 prints it): replies by sequence number, the rest ignored. */
class PingMeterTest {
    @Test
    void repliesAreReadBySequenceAndTheLossCountsTheUnansweredBetweenTheFirstAndTheLast() {
        var replies = PingMeter.replies(List.of(
                "[1796565219.12767] 192.0.2.11 : [0], 64 bytes, 1.18 ms (1.18 avg, 0% loss)",
                "[1796565219.13727] 192.0.2.11 : [1], 64 bytes, 0.707 ms (0.945 avg, 0% loss)",
                "[1796565219.66000] 192.0.2.11 : [5], 64 bytes, 0.956 ms (0.949 avg, 37% loss)",
                "[1796565219.67000] 192.0.2.11 : [5], 64 bytes, 3.1 ms (1.2 avg, 37% loss) [<- 192.0.2.11]",
                "",
                "192.0.2.11 : xmt/rcv/%loss = 7/4/42%, min/avg/max = 0.454/1.03/5.00"));
        assertEquals(List.of(0, 1, 5), List.copyOf(replies.keySet()));
        assertEquals(1796565219.66, replies.get(5), 1e-9, "the first reply of a duplicated sequence counts");
        PingMeter.Loss loss = PingMeter.loss(replies);
        assertEquals(6, loss.sent());
        assertEquals(3, loss.lost());
        assertEquals(523, loss.longestGapMs());
    }
}
