package io.vfmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.vfmigrate.fakes.Harness;
import io.vfmigrate.workflow.steps.StepTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inventory and workflow files, as a table: the file's bytes, and the words the one-line refusal
 * must hold (file:line first). Every case: a ConfigException, one line, no control character, and
 * nothing written beside the input. Add a row to add a case.
 */
class BadConfigFilesTest {
    @TempDir Path dir;

    /** One row: a label, the file's bytes, the words expected in the message. */
    record Bad(String label, byte[] content, List<String> words) {
        static Bad of(String label, String text, String... words) {
            return new Bad(label, text.getBytes(StandardCharsets.UTF_8), List.of(words));
        }
    }

    /** "name: x" then the steps, one a line from line 3: step i is on line i + 3. */
    static String steps(String... types) {
        StringBuilder b = new StringBuilder("name: x\nsteps:\n");
        for (String t : types) b.append("  - type: ").append(t).append('\n');
        return b.toString();
    }

    static final String[] BOND = {"add-temporary-port", "enslave-temporary-port", "fail-over-to-temporary-port", "detach-vf",
            "migrate", "attach-vf", "enslave-vf", "fail-back-to-vf", "remove-temporary-port"};

    static String[] bondWith(Function<List<String>, List<String>> edit) {
        return edit.apply(new java.util.ArrayList<>(List.of(BOND))).toArray(String[]::new);
    }

    static final List<Bad> WORKFLOWS = List.of(
            // structure (issue 12, item 6)
            Bad.of("no migrate", steps("detach-vf", "attach-vf"), "wf.yaml:2:", "exactly one migrate", "none"),
            Bad.of("two migrates", steps("migrate", "migrate"), "wf.yaml:4:", "steps[1]", "exactly one migrate"),
            Bad.of("detach without attach", steps("detach-vf", "migrate"), "wf.yaml:3:", "detach-vf", "later attach-vf"),
            Bad.of("attach before migrate", steps("detach-vf", "attach-vf", "migrate"), "wf.yaml:4:", "attach-vf", "earlier migrate"),
            Bad.of("detach after migrate", steps("migrate", "detach-vf", "attach-vf"), "wf.yaml:4:", "detach-vf", "later migrate"),
            Bad.of("attach without detach", steps("migrate", "attach-vf"), "wf.yaml:4:", "attach-vf", "earlier detach-vf"),
            Bad.of("enslave-vf before attach", steps("detach-vf", "migrate", "enslave-vf", "attach-vf"), "wf.yaml:5:", "enslave-vf",
                    "earlier attach-vf"),
            Bad.of("port never removed", steps(bondWith(l -> l.subList(0, 8))), "wf.yaml:3:", "add-temporary-port",
                    "later remove-temporary-port"),
            Bad.of("remove without add", steps("migrate", "remove-temporary-port"), "wf.yaml:4:", "earlier add-temporary-port"),
            Bad.of("fail-over without enslaving the port", steps(bondWith(l -> { l.remove(1); return l; })), "wf.yaml:4:",
                    "fail-over-to-temporary-port", "earlier enslave-temporary-port"),
            Bad.of("detach before fail-over", steps(bondWith(l -> { l.remove(3); l.add(2, "detach-vf"); return l; })), "wf.yaml:5:",
                    "detach-vf", "earlier fail-over-to-temporary-port"),
            Bad.of("port removed before fail-back", steps(bondWith(l -> { l.remove(8); l.add(7, "remove-temporary-port"); return l; })),
                    "wf.yaml:10:", "remove-temporary-port", "earlier fail-back-to-vf"),
            // YAML the loader does not model (item 7)
            Bad.of("anchor", "name: x\nsteps:\n  - &m {type: migrate}\n  - *m\n", "wf.yaml:3:", "anchors", "not supported"),
            Bad.of("alias", "name: x\nsteps:\n  - *m\n", "wf.yaml:3:", "aliases", "not supported"),
            Bad.of("merge key", "name: x\nsteps:\n  - type: migrate\n    <<: {params: {timeout: 1m}}\n", "wf.yaml:4:", "merge keys",
                    "not supported"),
            Bad.of("two documents", steps("migrate") + "---\nname: y\nsteps:\n  - type: migrate\n", "wf.yaml:", "one YAML document"),
            Bad.of("tag", "name: !!str x\nsteps:\n  - type: migrate\n", "wf.yaml:1:", "tags (!!str)", "not supported"),
            Bad.of("local tag", "name: x\nsteps:\n  - !step {type: migrate}\n", "wf.yaml:3:", "tags", "not supported"),
            // syntax and encoding (item 10)
            Bad.of("unclosed flow", "name: x\nsteps: [\n  {type: migrate}\n", "wf.yaml:", "not valid YAML"),
            Bad.of("tab indentation", "name: x\nsteps:\n\t- type: migrate\n", "wf.yaml:3:", "not valid YAML"),
            Bad.of("bad indentation", "name: x\nsteps:\n  - type: migrate\n params: {}\n", "wf.yaml:4:", "not valid YAML"),
            new Bad("latin-1", bytes("name: x\ndescription: caf", 0xe9, "\nsteps:\n  - type: migrate\n"), List.of("wf.yaml:2:", "not UTF-8")),
            new Bad("binary", bytes("", 0x00, 0xff, 0xfe, 0x01), List.of("wf.yaml:1:", "not UTF-8")),
            Bad.of("escape sequence in a key", "name: x\n\"\\e[2Jkey\": 1\nsteps:\n  - type: migrate\n", "wf.yaml:2:", "unknown key",
                    "\\x1b[2Jkey"),
            Bad.of("raw control character", "name: x\ndescription: \"\u001b[2J\"\nsteps:\n  - type: migrate\n", "wf.yaml:2:", "U+001B"),
            // ranges (item 8)
            Bad.of("zero timeout", steps("migrate") + "  - type: wait\n    params: {duration: 0s}\n", "wf.yaml:5:", "duration", "out of range"),
            Bad.of("wait of 114,000 years", steps("migrate") + "  - type: wait\n    params: {duration: 999999999h}\n", "wf.yaml:5:",
                    "out of range", "1h"),
            Bad.of("detach timeout 0s", "name: x\nsteps:\n  - type: detach-vf\n    params: {timeout: 0s}\n  - type: migrate\n  - type: attach-vf\n",
                    "wf.yaml:4:", "steps[0].params.timeout", "out of range", "1s..1h"),
            Bad.of("hotplug timeout of two hours", "name: x\nsteps:\n  - type: migrate\n  - type: guest-command\n"
                    + "    params: {argv: [true], timeout: 2h}\n", "wf.yaml:5:", "timeout", "out of range"),
            Bad.of("migrate timeout that overflows", "name: x\nsteps:\n  - type: migrate\n    params: {timeout: 999999999h}\n", "wf.yaml:4:",
                    "out of range", "24h"),
            Bad.of("tls maybe", "name: x\nsteps:\n  - type: migrate\n    params: {tls: maybe}\n", "wf.yaml:4:", "tls", "maybe"),
            Bad.of("migrate timeout over a day", "name: x\nsteps:\n  - type: migrate\n    params: {timeout: 25h}\n", "wf.yaml:4:", "out of range"),
            Bad.of("max-downtime 0", "name: x\nsteps:\n  - type: migrate\n    params: {max-downtime: 0ms}\n", "wf.yaml:4:", "max-downtime",
                    "out of range"),
            Bad.of("max-downtime an hour", "name: x\nsteps:\n  - type: migrate\n    params: {max-downtime: 1h}\n", "wf.yaml:4:", "out of range"),
            Bad.of("bandwidth 0", "name: x\nsteps:\n  - type: migrate\n    params: {bandwidth-mib-per-s: 0}\n", "wf.yaml:4:",
                    "bandwidth-mib-per-s", "out of range"),
            Bad.of("bandwidth absurd", "name: x\nsteps:\n  - type: migrate\n    params: {bandwidth-mib-per-s: 2000000000}\n", "wf.yaml:4:",
                    "out of range"),
            Bad.of("bandwidth beyond any whole number", "name: x\nsteps:\n  - type: migrate\n    params: {bandwidth-mib-per-s: 99999999999}\n",
                    "wf.yaml:4:", "out of range"),
            // what a step itself refuses, at its parameter's file, line and key (issue 18.12)
            Bad.of("guest-command without a program", "name: x\nsteps:\n  - type: migrate\n  - type: guest-command\n    params:\n"
                    + "      argv: [\"\", x]\n", "wf.yaml:6:", "steps[1].params.argv", "needs a program first"),
            Bad.of("guest-command argument with a tab", "name: x\nsteps:\n  - type: migrate\n  - type: guest-command\n    params:\n"
                    + "      timeout: 5s\n      argv: [ls, \"a\\tb\"]\n", "wf.yaml:7:", "steps[1].params.argv", "'a\\x09b' holds a control character"),
            Bad.of("temporary port on a VLAN number", steps(BOND).replace("type: add-temporary-port\n",
                    "type: add-temporary-port\n    params: {vlan: 100}\n"), "wf.yaml:4:", "steps[0].params.vlan", "'100' is not one of vf, none"),
            Bad.of("exit status 256", "name: x\nsteps:\n  - type: migrate\n  - type: guest-command\n    params: {argv: [true], expect-exit: 256}\n",
                    "wf.yaml:5:", "expect-exit", "out of range"),
            Bad.of("recovery attempts", "name: x\nrecovery: {attempts: 1000}\n" + steps("migrate").substring(8), "wf.yaml:2:",
                    "recovery.attempts", "out of range"),
            Bad.of("recovery backoff 0", "name: x\nrecovery: {backoff: 0s}\n" + steps("migrate").substring(8), "wf.yaml:2:",
                    "recovery.backoff", "out of range"),
            Bad.of("recovery max-backoff a day", "name: x\nrecovery: {max-backoff: 24h}\n" + steps("migrate").substring(8), "wf.yaml:2:",
                    "recovery.max-backoff", "out of range"),
            Bad.of("max-backoff below backoff", "name: x\nrecovery: {backoff: 10s, max-backoff: 2s}\n" + steps("migrate").substring(8),
                    "wf.yaml:2:", "max-backoff", "backoff"));

    static final String HOSTS = "hosts:\n  host-a:\n    libvirt-uri: test:///a\n    networks:\n";

    static final List<Bad> INVENTORIES = List.of(
            // issue 18.11: one host listed twice in two cases; a URI whose transport runs a command on connect
            Bad.of("hosts that differ only in case", "hosts:\n  host-a:\n    libvirt-uri: test:///a\n    networks: {physnet0: {vf-pool: {type: pf, pf: eth0}}}\n"
                    + "  HOST-A:\n    libvirt-uri: test:///b\n    networks: {physnet0: {vf-pool: {type: pf, pf: eth0}}}\n", "inv.yaml:5:", "HOST-A",
                    "host-a", "case"),
            Bad.of("ext transport", "hosts:\n  host-a:\n    libvirt-uri: 'qemu+ext:///system?command=/bin/true'\n"
                    + "    networks: {physnet0: {vf-pool: {type: pf, pf: eth0}}}\n", "inv.yaml:3:", "ext transport", "read-only commands too"),
            // a device name goes into host commands and sysfs paths: NetdevName's rules, with file:line (issue 17)
            Bad.of("PF name that is an option", HOSTS + "      physnet0:\n        vf-pool: {type: pf, pf: -eth0}\n", "inv.yaml:6:",
                    "not a network device name", "starts with '-'"),
            Bad.of("bridge name that is a path", HOSTS + "      physnet0:\n        vf-pool: {type: emulated, bridge: '..', slots: 2}\n",
                    "inv.yaml:6:", "not a network device name", "a path component"),
            Bad.of("macvtap lower device too long", HOSTS + "      physnet0:\n        vf-pool: {type: pf, pf: eth0}\n"
                    + "        temporary-port: {type: macvtap, dev: enp129s0f0np0vlan100}\n", "inv.yaml:7:", "not a network device name", "1 to 15"),
            // a macvtap's VLAN device pattern: only {dev} and {vlan}, {vlan} in it, device-name characters (issue 19)
            Bad.of("vlan-dev with another placeholder", HOSTS + "      physnet0:\n        vf-pool: {type: pf, pf: eth0}\n"
                    + "        temporary-port: {type: macvtap, dev: eth0, vlan-dev: '{pf}.{vlan}'}\n", "inv.yaml:7:", "vlan-dev",
                    "not a VLAN device pattern", "{pf} is not a placeholder"),
            Bad.of("vlan-dev without {vlan}", HOSTS + "      physnet0:\n        vf-pool: {type: pf, pf: eth0}\n"
                    + "        temporary-port:\n          type: macvtap\n          dev: eth0\n          vlan-dev: eth0.100\n", "inv.yaml:10:",
                    "vlan-dev", "no {vlan}"),
            Bad.of("vlan-dev with a path", HOSTS + "      physnet0:\n        vf-pool: {type: pf, pf: eth0}\n"
                    + "        temporary-port: [{type: macvtap, dev: eth0, vlan-dev: '../{vlan}'}]\n", "inv.yaml:7:", "vlan-dev",
                    "characters of a device name"),
            Bad.of("vlan-dev on an OVS port", HOSTS + "      physnet0:\n        vf-pool: {type: pf, pf: eth0}\n"
                    + "        temporary-port: {type: ovs, bridge: br-int, vlan-dev: '{dev}.{vlan}'}\n", "inv.yaml:7:", "unknown key 'vlan-dev'"),
            Bad.of("probe that is a name", HOSTS + "      physnet0:\n        probe: gateway.example\n        vf-pool: {type: pf, pf: eth0}\n",
                    "inv.yaml:6:", "probe", "not an IPv4 or IPv6 address"),
            Bad.of("anchor and alias", HOSTS + "      physnet0: &net\n        vf-pool: {type: pf, pf: eth0}\n  host-b:\n"
                    + "    libvirt-uri: test:///b\n    networks: {physnet0: *net}\n", "inv.yaml:5:", "anchors", "not supported"),
            Bad.of("merge key", HOSTS + "      physnet0:\n        <<: {vf-pool: {type: pf, pf: eth0}}\n", "inv.yaml:6:", "merge keys"),
            Bad.of("two documents", Harness.INVENTORY + "---\n" + Harness.INVENTORY, "inv.yaml:", "one YAML document"),
            Bad.of("tag", HOSTS + "      physnet0:\n        vf-pool: !pool {type: pf, pf: eth0}\n", "inv.yaml:6:", "tags"),
            Bad.of("unclosed flow", "hosts: [1, 2\n", "inv.yaml:", "not valid YAML"),
            Bad.of("duplicate key", HOSTS + "      physnet0: {vf-pool: {type: pf, pf: eth0}}\n      physnet0: {vf-pool: {type: pf, pf: eth1}}\n",
                    "inv.yaml:6:", "duplicate key"),
            new Bad("latin-1 comment", bytes(HOSTS + "      # r", 0xe9, "seau\n      physnet0: {vf-pool: {type: pf, pf: eth0}}\n"),
                    List.of("inv.yaml:5:", "not UTF-8")),
            Bad.of("emulated pool of no slot", HOSTS + "      physnet0:\n        vf-pool: {type: emulated, bridge: br0, slots: 0}\n", "inv.yaml:6:",
                    "slots", "out of range 1..1024"),
            Bad.of("empty", "# nothing here\n", "inv.yaml", "empty"));

    @TestFactory
    Stream<DynamicTest> workflowFilesAreRefusedWithOneLine() {
        WorkflowLoader loader = new WorkflowLoader(StepTypes.catalog(), Optional.empty());
        return WORKFLOWS.stream().map(c -> dynamicTest(c.label(), () -> refused(c, "wf.yaml", f -> loader.load(f.toString()))));
    }

    @TestFactory
    Stream<DynamicTest> inventoryFilesAreRefusedWithOneLine() {
        return INVENTORIES.stream().map(c -> dynamicTest(c.label(), () -> refused(c, "inv.yaml", InventoryLoader::load)));
    }

    private void refused(Bad c, String name, java.util.function.Consumer<Path> load) throws IOException {
        Path dir = Files.createTempDirectory(this.dir, "case");
        Path file = dir.resolve(name);
        Files.write(file, c.content());
        ConfigException e = assertThrows(ConfigException.class, () -> load.accept(file));
        assertOneClearLine(e.getMessage(), c.words());
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "nothing is written beside the input");
        }
    }

    static void assertOneClearLine(String message, List<String> words) {
        assertFalse(message.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f), () -> "a control character in: " + message);
        assertTrue(message.length() < 400, () -> "too long: " + message);
        for (String w : words) assertTrue(message.contains(w), () -> "'" + w + "' not in: " + message);
    }

    static byte[] bytes(Object... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            else out.write((Integer) p);
        }
        return out.toByteArray();
    }

    // Files that are no regular files, or too large (item 10)

    @TestFactory
    Stream<DynamicTest> onlyRegularFilesOfBoundedSizeAreRead() {
        WorkflowLoader loader = new WorkflowLoader(StepTypes.catalog(), Optional.empty());
        record Special(String label, Function<Path, Path> make, List<String> words) {}
        List<Special> specials = List.of(
                new Special("a FIFO", d -> fifo(d.resolve("fifo.yaml")), List.of("fifo.yaml", "not a regular file")),
                new Special("a device", d -> Path.of("/dev/zero"), List.of("/dev/zero", "not a regular file")),
                new Special("a directory", d -> d, List.of(d().toString(), "directory")),
                new Special("a file of 2 MiB", d -> write(d.resolve("big.yaml"), "# " + "x".repeat(2 << 20) + "\n"),
                        List.of("big.yaml", "larger than 1 MiB")),
                new Special("missing", d -> d.resolve("nope.yaml"), List.of("nope.yaml", "no such file")));
        return specials.stream().flatMap(s -> Stream.of(
                dynamicTest("inventory: " + s.label(), () -> refusedFast(s.make().apply(dir), s.words(), InventoryLoader::load)),
                dynamicTest("workflow: " + s.label(), () -> refusedFast(s.make().apply(dir), s.words(), f -> loader.load(f.toString())))));
    }

    private Path d() { return dir; }

    private static void refusedFast(Path file, List<String> words, java.util.function.Consumer<Path> load) {
        ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(ConfigException.class, () -> load.accept(file)));
        assertOneClearLine(e.getMessage(), words);
    }

    private static Path fifo(Path p) {
        try {
            if (!Files.exists(p)) assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).start().waitFor());
            return p;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Path write(Path p, String text) {
        try {
            return Files.writeString(p, text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // What must stay legal

    @TestFactory
    Stream<DynamicTest> sensibleWorkflowsLoad() {
        WorkflowLoader loader = new WorkflowLoader(StepTypes.catalog(), Optional.empty());
        Stream<DynamicTest> shipped = Stream.of("naive", "bond-macvtap", "bond-ovs")
                .map(n -> dynamicTest("shipped " + n, () -> assertEquals(n, loader.load(n).name())));
        Stream<DynamicTest> written = Stream.of(
                        steps("migrate"),
                        "---\n" + steps("migrate"),
                        steps("wait", "migrate", "guest-command").replace("type: wait\n", "type: wait\n    params: {duration: 1h}\n")
                                .replace("type: guest-command\n", "type: guest-command\n    params: {argv: [ip, link], expect-exit: 255}\n"),
                        steps("detach-vf", "migrate", "attach-vf", "enslave-vf", "fail-back-to-vf"),
                        steps(bondWith(l -> { l.add(5, "wait"); return l; })).replace("type: wait\n", "type: wait\n    params: {duration: 1s}\n"),
                        "name: x\nrecovery: {attempts: 10, backoff: 100ms, max-backoff: 1h, other-vfs: 4}\nsteps:\n  - type: migrate\n"
                                + "    params: {timeout: 24h, max-downtime: 1ms, bandwidth-mib-per-s: 1}\n")
                .map(text -> dynamicTest("written: " + text.replace('\n', ' '), () -> assertFalse(loader.parse("wf.yaml", text).steps().isEmpty())));
        return Stream.concat(shipped, written);
    }
}
