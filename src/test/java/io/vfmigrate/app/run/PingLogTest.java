package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PingLogTest {
    @Test
    void countsLostProbesAndTheLongestGapAcrossRounds() {
        PingLog log = new PingLog();
        log.add("""
                PING 198.18.0.50 (198.18.0.50) 56(84) bytes of data.
                [1700000000.000100] 64 bytes from 198.18.0.50: icmp_seq=1 ttl=64 time=0.1 ms
                [1700000000.010100] 64 bytes from 198.18.0.50: icmp_seq=2 ttl=64 time=0.1 ms
                [1700000000.250100] 64 bytes from 198.18.0.50: icmp_seq=26 ttl=64 time=0.1 ms

                --- 198.18.0.50 ping statistics ---
                26 packets transmitted, 3 received, 88.4615% packet loss, time 250ms
                """);
        log.add("""
                [1700000000.300100] 64 bytes from 198.18.0.50: icmp_seq=1 ttl=64 time=0.1 ms
                2 packets transmitted, 1 received, 50% packet loss, time 10ms
                """);
        assertEquals(28, log.sent());
        // 23 unanswered before the first round's last reply; the second round's one unanswered probe was in flight
        assertEquals(23, log.lost());
        assertEquals(240, log.longestGapMillis());
    }

    /** A round whose deadline came with probes on their way, and one that ended in an outage. */
    @Test
    void probesInFlightAtTheDeadlineAreNotLostButASilenceAtTheEndIs() {
        PingLog inFlight = new PingLog();
        inFlight.add(round(200, 198));
        assertEquals(200, inFlight.sent());
        assertEquals(0, inFlight.lost(), "two probes on their way when the deadline came");

        PingLog silent = new PingLog();
        silent.add(round(200, 150));
        assertEquals(50 - PingLog.IN_FLIGHT, silent.lost(), "the guest went silent after probe 150");

        PingLog dark = new PingLog();
        dark.add("--- 198.18.0.50 ping statistics ---\n200 packets transmitted, 0 received, 100% packet loss, time 1990ms\n");
        assertEquals(200 - PingLog.IN_FLIGHT, dark.lost());
    }

    /** A round of {@code transmitted} probes whose first {@code answered} were answered, 10 ms apart. */
    private static String round(int transmitted, int answered) {
        StringBuilder out = new StringBuilder("PING 198.18.0.50 (198.18.0.50) 56(84) bytes of data.\n");
        for (int seq = 1; seq <= answered; seq++) {
            out.append(String.format("[1700000000.%06d] 64 bytes from 198.18.0.50: icmp_seq=%d ttl=64 time=0.1 ms%n", seq * 10_000, seq));
        }
        return out.append("\n--- 198.18.0.50 ping statistics ---\n").append(transmitted).append(" packets transmitted, ").append(answered)
                .append(" received, 1% packet loss, time 1990ms\n").toString();
    }
}
