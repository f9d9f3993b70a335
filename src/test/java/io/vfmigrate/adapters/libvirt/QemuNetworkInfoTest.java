package io.vfmigrate.adapters.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.ports.DomainState;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuNetworkInfoTest {
    @Test
    void aBackendWithoutItsNicIsAnOrphan() {
        String info = """
                net0: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:c0:00:11
                 \\ hostnet0: index=0,type=tap,fd=30
                hostua-vfm-tmp0: index=0,type=tap,fd=34
                """;
        assertEquals(List.of("hostua-vfm-tmp0 (index=0,type=tap,fd=34)"), QemuNetworkInfo.orphanBackends(info));
        assertEquals(List.of(), QemuNetworkInfo.orphanBackends("net0: index=0,type=nic,model=virtio\r\n \\ hostnet0: index=0,type=tap\n"));
        assertTrue(QemuNetworkInfo.isOrphan(info, "hostua-vfm-tmp0"));
        assertFalse(QemuNetworkInfo.isOrphan(info, "hostnet0"), "hostnet0 has its device net0");
        assertFalse(QemuNetworkInfo.isOrphan(info, "hostua-vfm-tmp"), "ids match whole");
    }

    @Test
    void pausedReasonsAreNamed() {
        assertEquals("migration", DomainStates.pausedReason(2));
        assertEquals("io-error", DomainStates.pausedReason(5));
        assertEquals("unknown", DomainStates.pausedReason(-1));
        assertEquals("reason 99", DomainStates.pausedReason(99));
        assertEquals("booted", DomainStates.runningReason(1));
        assertEquals(DomainState.RESUMED_AFTER_MIGRATION, DomainStates.runningReason(6));
        assertEquals("unpaused", DomainStates.runningReason(5));
        assertEquals(DomainState.Kind.RUNNING, DomainStates.kind(1));
        assertEquals(DomainState.Kind.RUNNING, DomainStates.kind(2), "blocked");
        assertEquals(DomainState.Kind.PAUSED, DomainStates.kind(3));
        assertEquals(DomainState.Kind.SHUT_OFF, DomainStates.kind(5));
        assertEquals(DomainState.Kind.OTHER, DomainStates.kind(4), "shutting down");
        assertEquals(DomainState.Kind.OTHER, DomainStates.kind(7), "pm-suspended");
    }
}
