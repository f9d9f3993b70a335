package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Read from a lab guest that hung after a migration (its vCPU in native_queued_spin_lock_slowpath) and a busy one. */
class SilentGuestTest {
    private static final String HUNG = "RAX=0000000000000001 RBX=ffff8a2587222e80\nRIP=ffffffffb4018710 RFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=0\n";

    @Test
    void theSameInstructionTwiceWithInterruptsOffIsAHang() {
        assertEquals("its vCPU spins at RIP ffffffffb4018710 with interrupts off (a guest hung after a TCG migration, see docs/lab-and-benchmarks.md)",
                SilentGuest.describe(HUNG, HUNG));
    }

    @Test
    void aMovingOrInterruptibleVcpuIsNotCalledHung() {
        String later = HUNG.replace("b4018710", "b4018703");
        assertEquals("its vCPU at RIP ffffffffb4018710, then ffffffffb4018703 (interrupts off)", SilentGuest.describe(HUNG, later));
        String halted = HUNG.replace("RFL=00000002", "RFL=00000246");
        assertEquals("its vCPU at RIP ffffffffb4018710, then ffffffffb4018710", SilentGuest.describe(halted, halted));
        assertEquals("its registers unreadable", SilentGuest.describe("", HUNG));
    }
}
