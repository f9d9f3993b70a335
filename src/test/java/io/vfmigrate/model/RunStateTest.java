package io.vfmigrate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunStateTest {
    @Test
    void illegalTransitionsNameFromAndTo() {
        var e = assertThrows(RunState.IllegalRunTransitionException.class, () -> RunState.SUCCEEDED.checkedMoveTo(RunState.RUNNING));
        assertEquals("illegal run transition from SUCCEEDED to RUNNING", e.getMessage());
        assertThrows(RunState.IllegalRunTransitionException.class, () -> RunState.COMPENSATING.checkedMoveTo(RunState.RUNNING));
        assertThrows(RunState.IllegalRunTransitionException.class, () -> RunState.RECOVERING.checkedMoveTo(RunState.COMPENSATED));
    }

    @Test
    void terminalStatesAndResumableOnes() {
        assertTrue(RunState.SUCCEEDED.isTerminal() && RunState.COMPENSATED.isTerminal());
        assertTrue(RunState.NEEDS_OPERATOR.canMoveTo(RunState.RUNNING) && RunState.NEEDS_OPERATOR.canMoveTo(RunState.COMPENSATING));
    }

    @Test
    void macsAndGuestNamesAreValidated() {
        assertEquals("52:54:00:c0:00:11", Mac.parse("52-54-00-C0-00-11").value());
        assertThrows(IllegalArgumentException.class, () -> Mac.parse("52:54:00:c0:00"));
        assertThrows(IllegalArgumentException.class, () -> new GuestInterfaceName("eth0; reboot"));
        assertThrows(IllegalArgumentException.class, () -> new GuestInterfaceName("-f"));
    }
}
