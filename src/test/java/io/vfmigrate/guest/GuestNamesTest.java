package io.vfmigrate.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import io.vfmigrate.ports.GuestAgent;
import io.vfmigrate.ports.GuestExecResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A link name is remembered once a command addressed it successfully, and forgotten after any failed guest command. */
class GuestNamesTest {
    final List<String> calls = new ArrayList<>();
    boolean fail;
    final GuestAgent agent = new GuestAgent() {
        public void ping(String vm, Duration timeout) {}

        public Set<String> enabledCommands(String vm) { return Set.of("guest-exec"); }

        public GuestExecResult exec(String vm, List<String> argv, Duration timeout) {
            calls.add(String.join(" ", argv));
            return fail ? new GuestExecResult(1, "", "Cannot find device", false) : new GuestExecResult(0, "", "", false);
        }

        public Optional<java.util.Map<String, String>> readFiles(String vm, List<String> paths, Duration timeout) { return Optional.empty(); }

        public boolean writeFile(String vm, String path, String value, Duration timeout) { return false; }

        public Optional<List<String>> interfaceList(String vm, Duration timeout) { return Optional.empty(); }

        public long start(String vm, List<String> argv, Duration timeout) { throw new AssertionError("no guest command started: " + argv); }

        public Optional<GuestExecResult> status(String vm, long pid, Duration timeout) { throw new AssertionError("no guest command started"); }
    };
    final GuestNames names = new GuestNames();
    final GuestNetwork guest = new GuestNetwork(agent, "vm1", Duration.ofSeconds(5), names);
    final GuestInterfaceName bond = new GuestInterfaceName("bond0");

    static GuestLink link(int ifindex, String name) {
        Mac mac = Mac.parse("52:54:00:c0:00:11");
        return new GuestLink(ifindex, new GuestInterfaceName(name), mac, mac, Optional.empty(), false, false, true, Optional.empty(), Optional.of(true));
    }

    @Test
    void anEnslavedLinksNameIsRememberedByItsIfindex() {
        guest.enslave(link(7, "eth1"), bond);
        assertEquals(List.of("ip link set dev eth1 master bond0"), calls);
        assertEquals(Optional.of(new GuestInterfaceName("eth1")), names.of(7));
        assertEquals(Optional.empty(), names.of(8));
    }

    @Test
    void aFailedCommandForgetsEveryName() {
        guest.enslave(link(7, "eth1"), bond);
        fail = true;
        assertThrows(FailureException.class, () -> guest.switchActive(bond, new GuestInterfaceName("eth1"), false, Optional.of(true)));
        assertEquals(Optional.empty(), names.of(7));
    }

    @Test
    void aFailedEnslaveRemembersNothing() {
        fail = true;
        assertThrows(FailureException.class, () -> guest.enslave(link(7, "eth1"), bond));
        assertEquals(Optional.empty(), names.of(7));
    }
}
