package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.model.DomainInterface;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 19.4: a guest whose bond has two VFs, one of each of its host's two emulated PFs (both with the bond's
 * MAC, each PF's embedded switch steering it to its own VF), moved there and back by both bond workflows.
 * Checked from outside: a VF of each PF attached on the destination and steered there, none left on the source,
 * both VFs slaves of the bond and one of them active, the observer reaching the guest all along.
 */
@Tag("lab")
class LabTwoPfTest {
    static final String VM = "vm6";
    static final String MAC = "52:54:00:c0:00:16";
    static final String ADDRESS = "192.0.2.16";

    @BeforeAll
    static void twoVfGuest() {
        Lab.requireUp();
        if (Lab.hostsRunning(VM).isEmpty()) {
            Lab.guests(List.of(List.of("guest", VM, "--on", "host-a", "--ip", ADDRESS + "/24", "--mac", MAC, "--two-vfs")));
        }
    }

    @AfterAll
    static void removeGuest() { Lab.lab("remove-guest", VM); }

    @ParameterizedTest(name = "{0} there and back")
    @ValueSource(strings = {"bond-macvtap", "bond-ovs"})
    void bothVfsAreMovedWithTheBondActiveOnAVf(String workflow) throws Exception {
        String start = LabMigrationTest.whereIs(VM);
        for (String to : List.of(LabMigrationTest.other(start), start)) {
            assertTemporaryPortOnTheActiveVfsNetwork(workflow, to);
            StepTimeline timeline;
            java.util.NavigableMap<Integer, Double> replies;
            try (PingMeter ping = new PingMeter(ADDRESS)) {
                Thread.sleep(500);
                timeline = StepTimeline.run(workflow, Vfmigrate.argv(Vfmigrate.STATE.toString(), "migrate", VM, "--to", to, "--workflow", workflow));
                Thread.sleep(500);
                replies = ping.stopForReplies();
            }
            PingMeter.Loss loss = PingMeter.loss(replies);
            LossAttribution where = LossAttribution.of(replies, timeline);
            System.out.printf("%s to %s, two VFs: %s; lost by step %s, the longest gap in %s%n", workflow, to, loss,
                    BenchmarkReport.nonZero(where.lostByStep()), where.longestGapStep());
            assertTwoVfsOn(to);
            // A guard against a cut-off temporary port (the whole temporary-port phase, 300 pings and more), not the downtime
            // goal (the benchmark's): a loaded lab loses the migration's downtime (up to 26 here) and the attach of the VF on
            // the temporary port's PF (8-14).
            assertTrue(loss.lost() <= 100, () -> workflow + " to " + to + ": " + loss + ", by step " + where.lostByStep());
        }
    }

    /**
     * The plan puts the temporary port on the network of the VF that is the bond's active slave. Both VFs carry the
     * bond's MAC, so which is which is told from outside by where the guest sees the active slave's PCI function
     * and the domain's interface at that guest address. On the backup VF's PF, the temporary port's host side made
     * that PF's switch steer the guest's frames to the backup VF, which the bond drops (0.2-0.46 s of silence).
     */
    private static void assertTemporaryPortOnTheActiveVfsNetwork(String workflow, String to) throws Exception {
        String host = LabMigrationTest.whereIs(VM);
        String active = Lab.guestExec(host, VM, "cat", "/sys/class/net/bond0/bonding/active_slave").strip();
        String uevent = Lab.guestExec(host, VM, "cat", "/sys/class/net/" + active + "/device/../uevent");
        String slot = uevent.lines().filter(l -> l.startsWith("PCI_SLOT_NAME=")).map(l -> l.substring("PCI_SLOT_NAME=".length()))
                .findFirst().orElseThrow(() -> new AssertionError("no PCI slot for " + active + ": " + uevent));
        DomainInterface vf = Lab.domain(host, VM).interfaces().stream().filter(i -> i.guestPciAddress().map(slot::equalsIgnoreCase).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no interface of " + VM + " at the guest's " + slot));
        String network = vf.targetDev().orElseThrow().startsWith("e1vf") ? "labnet-pf1" : "labnet";
        Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", VM, "--to", to, "--workflow", workflow, "--dry-run", "--output", "json");
        assertEquals(0, r.exit(), () -> r.out() + r.err());
        JsonNode ports = StreamSupport.stream(new ObjectMapper().readTree(r.out()).get("steps").spliterator(), false)
                .filter(st -> st.get("type").asText().equals("add-temporary-port")).findFirst().orElseThrow().at("/params/ports");
        assertEquals(1, ports.size(), ports::toString);
        assertEquals(network, ports.get(0).get("network").asText(),
                () -> "the active slave " + active + " is " + vf.targetDev().orElseThrow() + " (guest " + slot + "); plan: " + ports);
    }

    private static void assertTwoVfsOn(String host) {
        assertEquals(List.of(host), Lab.hostsRunning(VM));
        List<DomainInterface> ifaces = Lab.domain(host, VM).interfaces();
        Set<String> taps = new TreeSet<>();
        for (DomainInterface i : ifaces) {
            assertEquals("ethernet", i.type(), ifaces::toString);
            assertEquals(MAC, i.mac().value());
            taps.add(i.targetDev().orElseThrow());
        }
        assertEquals(2, taps.size(), ifaces::toString);
        assertTrue(taps.stream().anyMatch(t -> t.matches("evf\\d+")) && taps.stream().anyMatch(t -> t.matches("e1vf\\d+")),
                () -> "a VF of each PF: " + taps);
        for (String h : Lab.hosts()) {
            Set<String> steered = new TreeSet<>();
            Lab.steeredPort(h, MAC).ifPresent(steered::add);
            Lab.steeredPort(h, MAC, "esw1").ifPresent(steered::add);
            assertEquals(h.equals(host) ? taps : Set.of(), steered, "the VFs that " + h + "'s PFs steer the MAC to");
            String links = Lab.lab("exec", h, "--", "ip", "-o", "link", "show", "type", "macvtap").ok().out();
            assertTrue(links.isBlank(), () -> "macvtap left on " + h + ": " + links);
        }
        String slaves = Lab.guestExec(host, VM, "cat", "/sys/class/net/bond0/bonding/slaves").strip();
        String active = Lab.guestExec(host, VM, "cat", "/sys/class/net/bond0/bonding/active_slave").strip();
        assertEquals(2, slaves.split("\\s+").length, "both VFs are slaves: " + slaves);
        assertTrue(List.of(slaves.split("\\s+")).contains(active), "the active slave is one of them: " + active);
        assertTrue(Lab.observerReaches(ADDRESS), "the observer reaches " + ADDRESS);
    }
}
