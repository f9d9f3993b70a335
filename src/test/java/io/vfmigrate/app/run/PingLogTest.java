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
        assertEquals(24, log.lost());
        assertEquals(240, log.longestGapMillis());
    }
}
