package io.vfmigrate.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.ports.GuestAgent;
import io.vfmigrate.ports.GuestExecResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A bond read from its sysfs files by the agent itself: the same state as `grep -H` gives, and a missing file is a failed read. */
class GuestNetworkFileReadsTest {
    private static final String DIR = "/sys/class/net/bond0/bonding/";
    final Map<String, String> files = new HashMap<>(Map.of(DIR + "mode", "active-backup 1\n", DIR + "active_slave", "eth1\n",
            DIR + "primary", "\n", DIR + "slaves", "eth0 eth1\n", DIR + "all_slaves_active", "1\n"));
    final List<List<String>> reads = new ArrayList<>();
    final GuestAgent agent = new GuestAgent() {
        public void ping(String vm, Duration timeout) {}

        public Set<String> enabledCommands(String vm) { return Set.of(); }

        public GuestExecResult exec(String vm, List<String> argv, Duration timeout) { throw new AssertionError("no guest command: " + argv); }

        public Optional<Map<String, String>> readFiles(String vm, List<String> paths, Duration timeout) {
            reads.add(paths);
            Map<String, String> found = new HashMap<>();
            paths.stream().filter(files::containsKey).forEach(p -> found.put(p, files.get(p)));
            return Optional.of(found);
        }

        public boolean writeFile(String vm, String path, String value, Duration timeout) { return false; }

        public Optional<List<String>> interfaceList(String vm, Duration timeout) { return Optional.empty(); }

        public long start(String vm, List<String> argv, Duration timeout) { throw new AssertionError("no guest command started: " + argv); }

        public Optional<GuestExecResult> status(String vm, long pid, Duration timeout) { throw new AssertionError("no guest command started"); }
    };
    final GuestNames names = new GuestNames();
    final GuestNetwork guest = new GuestNetwork(agent, "vm1", Duration.ofSeconds(5), names);
    final GuestInterfaceName bond0 = new GuestInterfaceName("bond0");

    @Test
    void theBondIsReadFromItsFiles() {
        assertEquals(new BondState(bond0, "active-backup 1", Optional.of(new GuestInterfaceName("eth1")), Optional.empty(),
                List.of(new GuestInterfaceName("eth0"), new GuestInterfaceName("eth1")), true), guest.bond(bond0));
    }

    @Test
    void theActiveSlaveIsOneFile() {
        assertEquals(Optional.of(new GuestInterfaceName("eth1")), guest.activeSlave(bond0));
        assertEquals(List.of(List.of(DIR + "active_slave")), reads);
    }

    @Test
    void aBondWithoutItsFilesIsAFailedReadNamingTheFileAndForgetsTheNames() {
        names.confirm(7, new GuestInterfaceName("eth1"));
        files.remove(DIR + "active_slave");
        FailureException e = assertThrows(FailureException.class, () -> guest.activeSlave(bond0));
        assertEquals("read " + DIR + "active_slave", assertInstanceOf(Failure.GuestCommandFailed.class, e.failure()).command());
        assertEquals(Optional.empty(), names.of(7));
    }
}
