package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.app.Services;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.RemoteAccessFailures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir Path dir;
    final Harness h = new Harness();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        if (!Files.exists(inv)) Files.writeString(inv, Harness.INVENTORY);
        Wiring wiring = (inventory, workflows, options) -> {
            Services s = h.services();
            return Harness.with(s, inventory, workflows);
        };
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        if (all.size() > 0 && all.get(0).equals("migrate") && all.stream().noneMatch(a -> a.startsWith("--inventory"))) {
            all.add("--inventory=" + inv);
        }
        return cl.execute(all.toArray(String[]::new));
    }

    @Test
    void helpListsTheCommandsAndExitCodes() throws Exception {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("migrate"), out::toString);
        assertTrue(out.toString().contains("3  needs an operator"), out::toString);
    }

    @Test
    void dryRunPrintsTheWholePlanAsJsonAndChangesNothing() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run", "--output", "json"), err::toString);
        assertEquals(List.of(), h.world.mutations, "a dry run makes no mutating call");
        assertTrue(h.a().runs("vm1"));
        assertTrue(h.journal.runs(true).isEmpty(), "a dry run journals no run");
        JsonNode plan = new ObjectMapper().readTree(out.toString());
        assertEquals("vm1", plan.get("vm").asText());
        assertEquals("host-a", plan.get("source").asText());
        assertEquals("host-b", plan.get("destination").asText());
        assertEquals("bond-macvtap", plan.get("workflow").asText());
        for (JsonNode c : plan.get("preflight")) assertTrue(c.get("ok").asBoolean(), c::toString);
        List<String> checks = new ArrayList<>();
        plan.get("preflight").forEach(c -> checks.add(c.get("check").asText()));
        assertTrue(checks.containsAll(List.of("vm-runs-on-source", "destination-differs", "destination-answers", "guest-agent",
                "vfs-found", "vf-in-bond:fvf0", "free-vf:physnet0#0", "temporary-port:host-a/physnet0",
                "temporary-port:host-b/physnet0", "destination-memory")), checks::toString);
        List<String> types = new ArrayList<>();
        plan.get("steps").forEach(s -> types.add(s.get("type").asText()));
        assertEquals(List.of("add-temporary-port", "enslave-temporary-port", "fail-over-to-temporary-port", "detach-vf", "migrate",
                "attach-vf", "enslave-vf", "fail-back-to-vf", "remove-temporary-port"), types);
        JsonNode port = plan.get("steps").get(0).get("params").get("ports").get(0);
        assertTrue(port.get("device-xml").asText().contains("<interface type='ethernet'><mac address='52:54:00:c0:00:11'/><target dev='vft525400c00011'"
                + " managed='no'/>"), port::toString);
        assertEquals("ip link add link br0 name vft525400c00011 address 52:54:00:c0:00:11 type macvtap mode bridge",
                port.get("host-commands").get(0).asText());
        JsonNode vf = plan.get("steps").get(5).get("params").get("vfs").get(0);
        assertEquals("fvf0", vf.get("vf").asText());
        assertEquals("fake:br0/fvf0", vf.get("address").asText());
        assertEquals("52:54:00:c0:00:11", vf.get("mac").asText());
        JsonNode migrate = plan.get("steps").get(4).get("params");
        assertEquals("tcp://198.18.0.12", migrate.get("migration-uri").asText());
        assertEquals("[\"live\",\"persist-dest\",\"undefine-source\",\"abort-on-error\"]", migrate.get("flags").toString());
        String commands = plan.get("steps").get(2).get("params").get("guest-commands").toString();
        assertTrue(commands.contains("ip link set dev bond0 type bond active_slave <new interface with MAC 52:54:00:c0:00:11>"), commands);
    }

    @Test
    void dryRunShowsEachTemporaryPortsVlanAndLowerDevice() throws Exception {
        h.vfOnVlan(100);
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run"), err::toString);
        String text = out.toString();
        String port = text.substring(text.indexOf("1. add-temporary-port"), text.indexOf("2. enslave-temporary-port"));
        assertTrue(port.contains("           vlan: 100\n") && port.contains("           lower-device: br0.100\n"), port);
        assertTrue(port.contains("             $ ip link add link br0.100 name vft525400c00011 "), port);
        assertTrue(text.contains("[OK     ] vf-vlan:fvf0: VF fvf0 (fake:br0/fvf0) of host host-a, network physnet0 is on VLAN 100"), text);
        assertTrue(text.contains("[OK     ] temporary-port:host-b/physnet0: macvtap on br0.100 (bridge mode) is available on host-b"), text);
        assertEquals(List.of(), h.world.mutations);

        out.getBuffer().setLength(0);
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run", "--workflow", "bond-ovs", "--output", "json"), err::toString);
        JsonNode ovs = new ObjectMapper().readTree(out.toString()).get("steps").get(0).get("params").get("ports").get(0);
        assertEquals(100, ovs.get("vlan").asInt());
        assertTrue(ovs.get("lower-device") == null, "an OVS port has no lower device: " + ovs);
        assertTrue(ovs.get("device-xml").asText().contains("<vlan><tag id='100'/></vlan>"), ovs::toString);
    }

    @Test
    void dryRunShowsAnUntaggedPortAsVlanNone() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run", "--output", "json"), err::toString);
        JsonNode port = new ObjectMapper().readTree(out.toString()).get("steps").get(0).get("params").get("ports").get(0);
        assertEquals("none", port.get("vlan").asText());
        assertEquals("br0", port.get("lower-device").asText());
    }

    @Test
    void dryRunAsTextShowsChecksAndSteps() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run", "--workflow", "naive"));
        assertTrue(out.toString().contains("[OK     ] vm-runs-on-source"), out::toString);
        assertTrue(out.toString().contains("2. migrate: live-migrate vm1 from host-a to host-b"), out::toString);
        assertEquals(List.of(), h.world.mutations);
    }

    @Test
    void aRealRunPrintsEachStepAndEndsDone() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b"), err::toString);
        assertTrue(out.toString().contains("step 5 migrate"), out::toString);
        assertTrue(out.toString().contains("done: vm1 now runs on host-b"), out::toString);
        assertTrue(h.b().runs("vm1"));
    }

    @Test
    void aFullDestinationIsRefusedByPreflightWithNothingChanged() throws Exception {
        h.world.pools.get("host-b").occupied.addAll(List.of(0, 1, 2, 3));
        assertEquals(2, run("migrate", "vm1", "--to", "host-b"));
        assertTrue(out.toString().contains("[FAILED ] free-vf:physnet0#0: no free VF of network physnet0 on host-b"), out::toString);
        assertTrue(err.toString().contains("error: preflight failed (free-vf:physnet0#0: no free VF"), err::toString);
        assertEquals(List.of(), h.world.mutations);
    }

    @Test
    void aDestinationThatCannotListItsVfsFailsTheCheckNotTheCommand() throws Exception {
        h.world.failOn("xml host-b");
        assertEquals(2, run("migrate", "vm1", "--to", "host-b"));
        assertTrue(out.toString().contains("[FAILED ] destination-answers") || out.toString().contains("cannot list the free VFs"), () -> out + "\n" + err);
        assertEquals(List.of(), h.world.mutations);
    }

    @Test
    void aVmInAnotherRunIsRefusedNamingTheHolderBeforeAnyHostIsAsked() throws Exception {
        h.leases.acquire("vm:vm1", "run-x", "coordinator-x", java.time.Duration.ofMinutes(1));
        h.a().down = true;
        h.b().down = true;
        assertEquals(2, run("migrate", "vm1", "--to", "host-b"));
        assertTrue(err.toString().contains("error: VM vm1 is already in run run-x of coordinator coordinator-x"), () -> out + "\n" + err);
        assertEquals("run-x", h.leases.holder("vm:vm1").orElseThrow().runId(), "the holder keeps its lease");
    }

    @Test
    void anAgentThatDoesNotAnswerIsRefused() throws Exception {
        h.a().guest("vm1").agentRunning = false;
        assertEquals(2, run("migrate", "vm1", "--to", "host-b", "--output", "json"));
        assertTrue(out.toString().contains("guest agent of vm1 unavailable"), out::toString);
        assertTrue(err.toString().startsWith("error: preflight failed (guest-agent: guest agent of vm1 unavailable"), err::toString);
        assertEquals(List.of(), h.world.mutations);
    }

    @Test
    void aVmWithoutBondIsRefusedForBondWorkflows() throws Exception {
        var g = h.a().guest("vm1");
        g.release("eth0");
        assertEquals(2, run("migrate", "vm1", "--to", "host-b"));
        assertTrue(out.toString().contains("vf-in-bond:fvf0: guest interface eth0 (MAC 52:54:00:c0:00:11) is in no bond"), out::toString);
    }

    @Test
    void theSameHostTwiceIsRefused() throws Exception {
        assertEquals(2, run("migrate", "vm1", "--to", "host-a"));
        assertTrue(out.toString().contains("destination-differs") || out.toString().contains("already runs"), out::toString);
    }

    @Test
    void anUnknownDestinationIsBadInput() throws Exception {
        assertEquals(2, run("migrate", "vm1", "--to", "host-z"));
        assertTrue(err.toString().contains("unknown host 'host-z'"), err::toString);
    }

    @Test
    void globalOptionsMayComeBeforeTheCommand() throws Exception {
        Files.writeString(dir.resolve("vfmigrate.yaml"), Harness.INVENTORY);
        var cl = Commands.create((inventory, workflows, options) -> h.services());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("--inventory", dir.resolve("vfmigrate.yaml").toString(), "migrate", "vm1", "--to", "host-b", "--dry-run"), err::toString);
    }

    @Test
    void aMissingOptionIsAUsageError() throws Exception {
        assertEquals(2, run("migrate", "vm1"));
        assertTrue(err.toString().contains("--to"), err::toString);
    }

    private int withInventory(String yaml) throws Exception {
        Files.writeString(dir.resolve("vfmigrate.yaml"), yaml);
        return run("migrate", "vm1", "--to", "host-b", "--dry-run");
    }

    @Test
    void inventoryErrorsNameFileLineHostAndKey() throws Exception {
        String good = Harness.INVENTORY;
        assertEquals(2, withInventory(good.replace("    libvirt-uri: test:///b\n", "")));
        assertTrue(err.toString().contains("vfmigrate.yaml:") && err.toString().contains("hosts.host-b: missing required key 'libvirt-uri'"), err::toString);
    }

    @Test
    void aBadKeepaliveIsRefusedAtLoadNamingFileLineAndKey() throws Exception {
        assertEquals(2, withInventory("defaults:\n  keepalive-interval: 250ms\n" + Harness.INVENTORY));
        assertTrue(err.toString().contains("vfmigrate.yaml:2: defaults.keepalive-interval: keepalive interval 250ms is not whole seconds"),
                err::toString);
    }

    @Test
    void anUnreachableDestinationIsRefusedAtPreflightInOneLineNamingHostAndCause() throws Exception {
        for (int i = 0; i < 50; i++) {
            h.b().failNext(new FailureException(new Failure.HostUnreachable("host-b", "libvirt (qemu+tls://host-b/system)",
                    RemoteAccessFailures.of("authentication failed: Failed to verify peer's certificate").orElseThrow().cause())));
        }
        assertEquals(2, run("migrate", "vm1", "--from", "host-a", "--to", "host-b"));
        String line = "host host-b is unreachable over libvirt (qemu+tls://host-b/system): a TLS certificate did not verify or cannot be read: "
                + "authentication failed: Failed to verify peer's certificate";
        assertTrue(err.toString().contains("error: preflight failed (") && err.toString().contains(line), () -> out + "\n" + err);
        assertEquals(1, err.toString().lines().filter(l -> l.startsWith("error:")).count(), err::toString);
        assertEquals(List.of(), h.world.mutations);
    }

    @Test
    void aDestinationThatSshCannotReachIsRefusedAtPreflight() throws Exception {
        h.world.unreachableShells.put("host-b", new FailureException(new Failure.HostUnreachable("host-b", "ssh",
                RemoteAccessFailures.of("Host key verification failed.\r\n").orElseThrow().cause())));
        assertEquals(2, run("migrate", "vm1", "--from", "host-a", "--to", "host-b"));
        assertTrue(out.toString().contains("[FAILED ] host-shells: host host-b is unreachable over ssh: host key verification failed"),
                () -> out + "\n" + err);
        assertTrue(err.toString().contains("error: preflight failed (host-shells: host host-b is unreachable over ssh"), err::toString);
        assertEquals(List.of(), h.world.mutations);
    }

    @Test
    void inventoryWrongTypeIsNamed() throws Exception {
        assertEquals(2, withInventory(Harness.INVENTORY.replaceFirst("slots: 4", "slots: many")));
        assertTrue(err.toString().contains("hosts.host-a.networks.physnet0.vf-pool.slots: expected a whole number, found 'many'"), err::toString);
    }

    @Test
    void inventoryUnknownKeyAndBadValuesAreNamed() throws Exception {
        assertEquals(2, withInventory(Harness.INVENTORY.replaceFirst("migration-uri: tcp://198.18.0.11", "migration-url: tcp://198.18.0.11")));
        assertTrue(err.toString().contains("unknown key 'migration-url'"), err::toString);
        assertEquals(2, withInventory(Harness.INVENTORY.replaceFirst("type: emulated", "type: sriov")));
        assertTrue(err.toString().contains("unknown vf-pool type 'sriov'"), err::toString);
    }

    @Test
    void inventoryDuplicateHostIsAnError() throws Exception {
        String dup = Harness.INVENTORY + "  host-a:\n    libvirt-uri: test:///c\n    networks: {}\n";
        assertEquals(2, withInventory(dup));
        assertTrue(err.toString().contains("duplicate key 'host-a'"), err::toString);
    }

    @Test
    void inventoryMissingOrUnreadableIsAnError() throws Exception {
        assertEquals(2, run("migrate", "vm1", "--to", "host-b", "--inventory=" + dir.resolve("nope.yaml")));
        assertTrue(err.toString().contains("nope.yaml: no such file"), err::toString);
        assertEquals(2, run("migrate", "vm1", "--to", "host-b", "--inventory=" + dir));
        assertTrue(err.toString().contains("is a directory"), err::toString);
        assertEquals(2, withInventory("hosts: [1, 2"));
        assertTrue(err.toString().contains("not valid YAML"), err::toString);
    }

    private int withWorkflow(String yaml) throws Exception {
        Path wf = dir.resolve("custom.yaml");
        Files.writeString(wf, yaml);
        return run("migrate", "vm1", "--to", "host-b", "--dry-run", "--workflow", wf.toString());
    }

    @Test
    void workflowErrorsNameFileLineAndKey() throws Exception {
        assertEquals(2, withWorkflow("name: x\nsteps:\n  - type: detach-vf\n  - type: teleport\n"));
        assertTrue(err.toString().contains("custom.yaml:4: steps[1].type: unknown step type 'teleport'"), err::toString);
        assertEquals(2, withWorkflow("name: x\nsteps:\n  - type: wait\n"));
        assertTrue(err.toString().contains("custom.yaml:3: steps[0]: step wait needs parameter 'duration'"), err::toString);
        assertEquals(2, withWorkflow("name: x\nsteps:\n  - type: detach-vf\n    params: {timeout: soon}\n"));
        assertTrue(err.toString().contains("steps[0].params.timeout: not a duration: 'soon'"), err::toString);
        assertEquals(2, withWorkflow("name: x\nsteps:\n  - type: migrate\n    params: {flags: [live, teleport]}\n"));
        assertTrue(err.toString().contains("'teleport' is not one of"), err::toString);
        assertEquals(2, withWorkflow("name: x\nsteps:\n  - type: detach-vf\n    params: {speed: 3}\n"));
        assertTrue(err.toString().contains("unknown parameter 'speed' for step detach-vf"), err::toString);
        assertEquals(2, run("migrate", "vm1", "--to", "host-b", "--workflow", "nonesuch"));
        assertTrue(err.toString().contains("unknown workflow 'nonesuch'"), err::toString);
    }

    @Test
    void anEditedWorkflowWithAWaitAndAGuestCheckRuns() throws Exception {
        String wf = Files.readString(Path.of("workflows/bond-macvtap.yaml")).replace("name: bond-macvtap", "name: checked")
                + "  - type: wait\n    params: {duration: 2s}\n  - type: guest-command\n    params: {argv: [ip, -o, -d, link, show]}\n";
        Path file = dir.resolve("checked.yaml");
        Files.writeString(file, wf);
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--workflow", file.toString()), err::toString);
        assertTrue(out.toString().contains("step 11 guest-command"), out::toString);
    }
}
