package io.vfmigrate.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignalStateTest {
    @Test
    void firstSignalStopsGracefullySecondAndLaterHalt() {
        SignalState s = new SignalState();
        assertFalse(s.stopRequested());
        assertEquals(SignalState.Action.STOP_GRACEFULLY, s.signal());
        assertTrue(s.stopRequested());
        assertEquals(SignalState.Action.HALT_NOW, s.signal());
        assertEquals(SignalState.Action.HALT_NOW, s.signal());
    }
}
