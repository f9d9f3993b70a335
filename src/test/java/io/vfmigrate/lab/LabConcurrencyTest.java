package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Two coordinators at once, sharing a state store (the embedded one, and PostgreSQL). */
@Tag("lab")
class LabConcurrencyTest {
    @BeforeAll
    static void labIsUp() { Lab.requireUp(); }

    static Stream<String> stores() {
        String pg = Lab.postgresUrl();
        if (pg == null && System.getenv("CI") != null) throw new IllegalStateException("VFMIGRATE_TEST_PG_URL is not set: run test-fixtures/postgres/pg up");
        return pg == null ? Stream.of(Vfmigrate.STATE.toString()) : Stream.of(Vfmigrate.STATE.toString(), pg);
    }

    private static Process start(String state, String... args) throws Exception {
        return new ProcessBuilder(Vfmigrate.argv(state, args)).redirectErrorStream(true).start();
    }

    private static String readAll(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        return out;
    }

    @ParameterizedTest(name = "state {0}: the second migration of one VM is refused naming the holder")
    @MethodSource("stores")
    void oneRunPerVm(String state) throws Exception {
        String to = LabMigrationTest.other(LabMigrationTest.whereIs(LabMigrationTest.VM));
        Process first = start(state, "migrate", LabMigrationTest.VM, "--to", to);
        StringBuilder firstOut = new StringBuilder();
        BufferedReader in = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            firstOut.append(line).append('\n');
            if (line.contains("step 1 ")) break;
        }
        Shell.Result second = Vfmigrate.runWithState(state, "migrate", LabMigrationTest.VM, "--to", to);
        for (String line; (line = in.readLine()) != null; ) firstOut.append(line).append('\n');
        assertTrue(first.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), firstOut::toString);
        assertEquals(2, second.exit(), () -> second.out() + second.err());
        assertTrue(second.err().matches("(?s).*error: VM vm1 is already in run r\\S+ of coordinator \\S+:\\d+.*"), second::err);
        Lab.assertHealthyOn(to, LabMigrationTest.VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
    }

    @ParameterizedTest(name = "state {0}: two runs needing the last free VF, exactly one gets it")
    @MethodSource("stores")
    void theLastFreeVfGoesToOneRun(String state) throws Exception {
        String source = LabMigrationTest.whereIs(LabMigrationTest.VM);
        String dest = LabMigrationTest.other(source);
        Lab.lab("guest", "vm2", "--on", source, "--ip", "192.0.2.12/24", "--mac", "52:54:00:c0:00:12").ok();
        List<String> taps = Lab.takeVfSlots(dest, 1, 8);
        try {
            Process a = start(state, "migrate", "vm1", "--to", dest);
            Process b = start(state, "migrate", "vm2", "--to", dest);
            String outA = readAll(a);
            String outB = readAll(b);
            List<Integer> codes = List.of(a.exitValue(), b.exitValue());
            assertTrue(codes.containsAll(List.of(0, 2)), () -> codes + "\n" + outA + "\n" + outB);
            String loser = a.exitValue() == 2 ? outA : outB;
            assertTrue(loser.contains("[FAILED ] free-vf:labnet#0"), loser);
            String winner = a.exitValue() == 0 ? "vm1" : "vm2";
            String winnerMac = winner.equals("vm1") ? LabMigrationTest.MAC : "52:54:00:c0:00:12";
            assertEquals(List.of(dest), Lab.hostsRunning(winner));
            assertEquals(List.of(source), Lab.hostsRunning(winner.equals("vm1") ? "vm2" : "vm1"));
            assertTrue(Lab.domain(dest, winner).interfaces().stream().anyMatch(i -> i.mac().value().equals(winnerMac)));
        } finally {
            Lab.giveBackVfSlots(dest, taps);
            Lab.lab("remove-guest", "vm2");
        }
        String vm1At = LabMigrationTest.whereIs("vm1");
        Lab.assertHealthyOn(vm1At, LabMigrationTest.VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
    }

}
