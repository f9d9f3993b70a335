package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.app.Services;
import io.vfmigrate.fakes.Harness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vms, hosts, host enable|disable and evacuate --dry-run on fake hosts: host-a (vm1 bonded, vm2 no VF, vm3 VF in no bond), host-b, host-c. */
class FleetCliTest {
    static final String HOST = """
              %s:
                libvirt-uri: test:///%s
                networks:
                  physnet0:
                    vf-pool: {type: emulated, bridge: br0, slots: 4}
                    temporary-port: [{type: macvtap, dev: br0}]
            """;
    static final String INVENTORY = "hosts:\n" + HOST.formatted("host-a", "a") + HOST.formatted("host-b", "b") + HOST.formatted("host-c", "c");

    @TempDir Path dir;
    final Harness h = new Harness();
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void fleet() {
        h.world.addHost("host-c", 4);
        h.world.plainVm("host-a", "vm2");
        h.world.unbondedVm("host-a", "vm3", 1, "52:54:00:c0:00:33");
    }

    int runWith(String inventory, String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        Files.writeString(inv, inventory);
        out = new StringWriter();
        err = new StringWriter();
        Wiring wiring = (inventoryLoaded, workflows, options) -> {
            Services s = h.services();
            return Harness.with(s, inventoryLoaded, workflows);
        };
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--inventory", inv.toString()));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    int run(String... args) throws Exception { return runWith(INVENTORY, args); }

    JsonNode json() throws Exception { return new ObjectMapper().readTree(out.toString()); }

    @Test
    void vmsListsEveryDomainWithItsReadinessAndAnUnreachableHostAsARow() throws Exception {
        h.world.hypervisors.get("host-c").down = true;
        assertEquals(0, run("vms", "--output", "json"), err::toString);
        JsonNode j = json();
        assertEquals(3, j.get("vms").size(), j::toString);
        assertEquals("bond", j.get("vms").get(0).get("readiness").asText());
        assertEquals("fvf0", j.get("vms").get(0).get("vfs").get("physnet0").get(0).get("vf").asText());
        assertEquals("plain", j.get("vms").get(1).get("readiness").asText());
        assertEquals("no-bond", j.get("vms").get(2).get("readiness").asText());
        assertTrue(j.get("vms").get(2).get("reason").asText().contains("is in no bond"), j::toString);
        assertEquals("host-c", j.get("unreachable").get(0).get("host").asText());
        assertTrue(err.toString().contains("warning: host host-c did not answer: ") && err.toString().contains("cannot connect to host-c"), err::toString);
        assertEquals(0, run("vms", "--host", "host-a"));
        assertTrue(out.toString().contains("vm3") && !out.toString().contains("host-c"), out::toString);
        assertEquals(2, run("vms", "--host", "host-z"));
        assertTrue(err.toString().contains("unknown host 'host-z'"), err::toString);
    }

    @Test
    void hostsShowFreeVfsAndTheDisabledFlagKeptInTheStore() throws Exception {
        assertEquals(0, run("host", "disable", "host-b", "--reason", "firmware update"));
        assertEquals(0, run("hosts", "--output", "json"));
        JsonNode hosts = json().get("hosts");
        assertEquals("host-a", hosts.get(0).get("host").asText());
        assertEquals(2, hosts.get(0).get("free-vfs").get("physnet0").get("free").asInt(), hosts::toString);
        assertEquals(3, hosts.get(0).get("running-vms").asInt());
        assertTrue(hosts.get(1).get("disabled").asBoolean());
        assertEquals(4, hosts.get(1).get("free-vfs").get("physnet0").get("free").asInt());
        assertEquals("firmware update", h.hostFlags.disabled().get("host-b").reason());
        assertEquals(0, run("host", "enable", "host-b"));
        assertTrue(h.hostFlags.disabled().isEmpty());
        assertEquals(2, run("host", "disable", "nowhere"));
    }

    @Test
    void aDryRunPrintsThePlanAndRefusesWhatWouldLoseItsNetwork() throws Exception {
        assertEquals(2, run("evacuate", "host-a", "--dry-run", "--output", "json"), err::toString);
        JsonNode j = json();
        assertEquals("host-a", j.get("host").asText());
        assertEquals(2, j.get("exit-code").asInt());
        assertEquals("vm3", j.get("unplaceable").get(0).get("vm").asText());
        assertEquals(2, j.get("placements").size(), j::toString);
        JsonNode vm1 = j.get("placements").get(0);
        assertEquals("vm1", vm1.get("vm").asText());
        assertEquals("bond-macvtap", vm1.get("workflow").asText());
        assertEquals("fvf0", vm1.get("vfs").get(0).get("source-vf").asText());
        assertEquals(1, vm1.get("wave").asInt());
        assertEquals("plain", j.get("placements").get(1).get("workflow").asText());
        assertTrue(h.world.mutations.isEmpty(), h.world.mutations::toString);
        assertTrue(h.hostFlags.disabled().isEmpty());

        assertEquals(0, run("evacuate", "host-a", "--dry-run", "--allow-outage", "--parallel", "1"));
        assertTrue(out.toString().contains("Wave 3:"), out::toString);
        assertTrue(out.toString().contains("vm3 -> host-") && out.toString().contains("with naive"), out::toString);
        assertEquals(0, run("evacuate", "host-a", "--dry-run", "--skip-unplaceable"));
        assertTrue(out.toString().contains("vm3: ") && out.toString().contains("dry run: nothing was changed"), out::toString);
        assertTrue(h.world.mutations.isEmpty(), h.world.mutations::toString);
    }

    @Test
    void disabledHostsAndToLimitTheDestinations() throws Exception {
        h.hostFlags.disable("host-b", "maintenance", "test");
        assertEquals(0, run("evacuate", "host-a", "--dry-run", "--skip-unplaceable", "--output", "json"));
        for (JsonNode p : json().get("placements")) assertEquals("host-c", p.get("destination").asText());
        h.hostFlags.enable("host-b");
        assertEquals(0, run("evacuate", "host-a", "--dry-run", "--skip-unplaceable", "--to", "host-b", "--output", "json"));
        for (JsonNode p : json().get("placements")) assertEquals("host-b", p.get("destination").asText());
    }

    @Test
    void antiAffinityFromTheInventoryKeepsGroupMembersApart() throws Exception {
        String inventory = INVENTORY + "anti-affinity:\n  - [vm1, vm2]\n";
        assertEquals(0, runWith(inventory, "evacuate", "host-a", "--dry-run", "--skip-unplaceable", "--output", "json"));
        JsonNode p = json().get("placements");
        assertTrue(!p.get(0).get("destination").asText().equals(p.get(1).get("destination").asText()), p::toString);
        assertEquals(2, runWith(INVENTORY + "anti-affinity:\n  - [vm1]\n", "evacuate", "host-a", "--dry-run"));
        assertTrue(err.toString().contains("at least two VMs"), err::toString);
    }

    @Test
    void aRealEvacuationPrintsProgressAndASummary() throws Exception {
        assertEquals(1, run("evacuate", "host-a", "--skip-unplaceable", "--parallel", "1"), err::toString);
        String text = out.toString();
        assertTrue(text.contains("vm1 -> host-b: started with bond-macvtap"), text);
        assertTrue(text.contains("vm1 -> host-b: step 5 migrate done in"), text);
        assertTrue(text.matches("(?s).*\\nvm1 +host-b +bond-macvtap +moved .*"), text);
        assertTrue(text.matches("(?s).*\\nvm3 +- +- +stayed .*unplaceable: .*in no bond.*"), text);
        assertTrue(text.contains("host-a stays disabled: `vfmigrate host enable host-a`"), text);
        assertTrue(h.b().runs("vm1") && h.world.hypervisors.get("host-c").runs("vm2") && h.a().runs("vm3"));
        String evac = text.replaceFirst("(?s).*\\nevacuation (\\S+): .*", "$1");
        assertEquals(0, run("show", evac));
        assertTrue(out.toString().contains("evacuate:host-a") && out.toString().contains("vm1: moved to host-b, 1 run(s), last run run-")
                && out.toString().contains("vm3: stayed"), out::toString);
        assertEquals(0, run("runs", "--all"));
        assertTrue(out.toString().contains(evac), out::toString);
        assertEquals(2, run("resume", evac));
        assertTrue(err.toString().contains("is COMPENSATED: nothing to resume"), err::toString);
        // run again, it goes on with what is left on the host: only vm3, which stays
        assertEquals(1, run("evacuate", "host-a", "--skip-unplaceable", "--output", "json"));
        String[] lines = out.toString().split("\n");
        JsonNode j = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals("outcome", j.get("type").asText(), j::toString);
        assertEquals(1, j.get("outcomes").size(), j::toString);
        assertEquals("vm3", j.get("outcomes").get(0).get("vm").asText());
        assertEquals(1, j.get("exit-code").asInt());
    }

    @Test
    void refusalsBeforeAnythingIsAsked() throws Exception {
        assertEquals(2, run("evacuate", "host-a"));
        assertTrue(out.toString().contains("refused: 1 VM(s) cannot be placed"), out::toString);
        assertEquals(2, run("evacuate", "host-z", "--dry-run"));
        assertEquals(2, run("evacuate", "host-a", "--dry-run", "--to", "host-a"));
        assertEquals(2, run("evacuate", "host-a", "--dry-run", "--workflow", "nope"));
        assertEquals(2, run("evacuate", "host-a", "--dry-run", "--parallel", "0"));
        h.a().down = true;
        assertEquals(2, run("evacuate", "host-a", "--dry-run"));
        assertTrue(out.toString().contains("refused: host host-a does not answer"), out::toString);
        assertTrue(h.world.mutations.isEmpty(), h.world.mutations::toString);
    }

    /**
     * Issue 18.7: what did not come from vfmigrate (a domain name, the reason an operator typed) reaches stdout and stderr
     * escaped, in text and in JSON (ASCII only), in vms, hosts (which shows the disable reason) and evacuate --dry-run.
     */
    @Test
    void untrustedTextIsEscapedEverywhere() throws Exception {
        // a libvirt domain name cannot hold ESC or CR (XML forbids them), but bidi, zero-width and non-ASCII it can
        String hostile = "evil\u202egnp.\u200bvm-\u00e9";
        h.world.plainVm("host-a", hostile);
        assertEquals(0, runWith(INVENTORY, "host", "disable", "host-c", "--reason", "fire \u001b[31mdrill\u202e"), err::toString);
        List<String> printed = new ArrayList<>();
        for (String[] args : List.of(new String[] {"vms"}, new String[] {"vms", "--output", "json"}, new String[] {"hosts"},
                new String[] {"hosts", "--output", "json"}, new String[] {"evacuate", "host-a", "--dry-run", "--allow-outage"},
                new String[] {"evacuate", "host-a", "--dry-run", "--allow-outage", "--output", "json"})) {
            runWith(INVENTORY, args);
            printed.add(String.join(" ", args) + "\n" + out + err);
            for (char c : (out.toString() + err).toCharArray()) {
                boolean unsafe = c == 0x1b || c == '\r' || c == 0x202e || c == 0x200b;
                assertFalse(unsafe, () -> String.join(" ", args) + " printed a raw " + Integer.toHexString(c) + ":\n" + out + err);
                if (args[args.length - 1].equals("json")) assertTrue(c < 0x80, () -> String.join(" ", args) + " printed non-ASCII in JSON: " + out);
            }
        }
        String all = String.join("\n", printed);
        assertTrue(all.contains("evil\\u202egnp.\\u200bvm-"), all);
        assertTrue(all.toLowerCase(java.util.Locale.ROOT).contains("evil\\u202egnp.\\u200bvm-\\u00e9"), () -> "JSON escapes the non-ASCII letter too: " + all);
        assertTrue(all.contains("fire \\x1b[31mdrill\\u202e"), () -> "hosts shows the disable reason, escaped: " + all);
    }
}
