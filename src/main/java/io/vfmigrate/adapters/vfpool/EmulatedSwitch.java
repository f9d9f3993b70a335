package io.vfmigrate.adapters.vfpool;

import io.vfmigrate.model.Mac;
import io.vfmigrate.ports.HostShell;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's embedded switch of an emulated PF: an Open vSwitch userspace bridge run by its own daemons (their
 * sockets in {@code rundir}), reached through the host's shell. A VF's VLAN is its port's access tag, a
 * programmed MAC a static FDB entry, spoof checking two OpenFlow rules on the VF's port (its MAC passes, any
 * other source is dropped), marked with a cookie per port so that they can be read back and removed.
 */
final class EmulatedSwitch {
    private static final Pattern FDB_LINE = Pattern.compile("^\\s*(\\d+)\\s+(\\d+)\\s+([0-9a-fA-F:]{17})\\s+static\\s*$");
    private static final long SPOOF_COOKIE_BASE = 0x5f6d0000L;

    /** One static FDB entry: (VLAN, MAC) steered to the port numbered {@code ofport}. */
    record StaticEntry(int ofport, int vlan, Mac mac) {}

    private final HostShell shell;
    private final String bridge;
    private final String rundir;

    EmulatedSwitch(HostShell shell, String bridge, String rundir) {
        if (!rundir.startsWith("/") || rundir.contains("\n")) throw new IllegalArgumentException("ovs-rundir must be an absolute path: " + rundir);
        this.shell = shell;
        this.bridge = bridge;
        this.rundir = rundir;
    }

    String bridge() { return bridge; }

    List<String> ports() {
        return HostCommands.output(shell, vsctl("list-ports", bridge)).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    Optional<Integer> tag(String port) {
        String out = HostCommands.output(shell, vsctl("get", "port", port, "tag")).strip();
        return out.matches("\\d{1,4}") ? Optional.of(Integer.parseInt(out)) : Optional.empty();
    }

    void tag(String port, Optional<Integer> vlan) {
        HostCommands.output(shell, vlan.isPresent() ? vsctl("set", "port", port, "tag=" + vlan.get()) : vsctl("clear", "port", port, "tag"));
    }

    OptionalInt ofport(String port) {
        String out = HostCommands.output(shell, vsctl("get", "interface", port, "ofport")).strip();
        return out.matches("[1-9]\\d{0,5}") ? OptionalInt.of(Integer.parseInt(out)) : OptionalInt.empty();
    }

    List<StaticEntry> staticEntries() {
        List<StaticEntry> entries = new ArrayList<>();
        for (String line : HostCommands.output(shell, appctl("fdb/show", bridge)).split("\n")) {
            Matcher m = FDB_LINE.matcher(line);
            if (m.matches()) entries.add(new StaticEntry(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Mac.parse(m.group(3))));
        }
        return entries;
    }

    void addStatic(String port, int vlan, Mac mac) {
        HostCommands.output(shell, appctl("fdb/add", bridge, port, String.valueOf(vlan), mac.value()));
    }

    void deleteStatic(int vlan, Mac mac) {
        HostCommands.outputUnless(shell, appctl("fdb/del", bridge, String.valueOf(vlan), mac.value()), "could not find static mac entry");
    }

    boolean spoofChecking(int slot) {
        return HostCommands.output(shell, ofctl("dump-flows", "cookie=" + cookie(slot) + "/-1")).contains("actions=drop");
    }

    void spoofCheck(String port, int slot, Optional<Mac> mac) {
        HostCommands.output(shell, ofctl("del-flows", "cookie=" + cookie(slot) + "/-1"));
        if (mac.isEmpty()) return;
        String c = "cookie=" + cookie(slot) + ",in_port=" + port;
        HostCommands.output(shell, ofctl("add-flow", c + ",priority=200,dl_src=" + mac.get().value() + ",actions=NORMAL"));
        HostCommands.output(shell, ofctl("add-flow", c + ",priority=190,actions=drop"));
    }

    private static String cookie(int slot) { return "0x" + Long.toHexString(SPOOF_COOKIE_BASE + slot); }

    private List<String> vsctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + rundir + "/db.sock", "--timeout=10"));
        argv.addAll(List.of(args));
        return argv;
    }

    private List<String> appctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-appctl", "--target=" + rundir + "/ovs-vswitchd.ctl"));
        argv.addAll(List.of(args));
        return argv;
    }

    private List<String> ofctl(String command, String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-ofctl", command, "unix:" + rundir + "/" + bridge + ".mgmt"));
        argv.addAll(List.of(args));
        return argv;
    }

    @Override public String toString() { return "Open vSwitch bridge " + bridge + " (" + rundir + ")"; }
}
