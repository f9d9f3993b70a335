package io.vfmigrate.adapters.vfpool;

import io.vfmigrate.model.Mac;
import io.vfmigrate.ports.HostShell;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** A VF port's VLAN (its access tag) and whether spoof checking is on, read in one call. */
    record PortSettings(Optional<Integer> vlan, boolean spoofChecking) {}

    PortSettings settings(String port, int slot) {
        Read read = Read.of(HostCommands.outputAll(shell, List.of(vsctl("get", "port", port, "tag"), ofctl("dump-flows", "cookie=" + cookie(slot) + "/-1")), null));
        return new PortSettings(read.first().matches("\\d{1,4}") ? Optional.of(Integer.parseInt(read.first())) : Optional.empty(),
                read.rest().contains("actions=drop"));
    }

    /**
     * Programs a VF's port as {@code ip link set PF vf K mac M vlan V spoofchk on|off} programs a VF, in one call as that
     * is one command: the access tag (cleared without VLAN), the spoof-checking rules when {@code spoofchk} says
     * (their MAC passes, any other source is dropped), and (V, M) steered to the port. Open vSwitch does not revalidate
     * the datapath's cached flows for a static entry: without the purge, frames for the MAC would follow the flow
     * learned before (e.g. to the temporary port's uplink) until something else revalidates it, about 10 s later; a NIC
     * steers at once.
     */
    void program(String port, int slot, Optional<Integer> vlan, Optional<Boolean> spoofchk, Mac mac) {
        List<List<String>> commands = new ArrayList<>();
        commands.add(vlan.isPresent() ? vsctl("set", "port", port, "tag=" + vlan.get()) : vsctl("clear", "port", port, "tag"));
        spoofchk.ifPresent(on -> {
            commands.add(ofctl("del-flows", "cookie=" + cookie(slot) + "/-1"));
            if (on) {
                String c = "cookie=" + cookie(slot) + ",in_port=" + port;
                commands.add(ofctl("add-flow", c + ",priority=200,dl_src=" + mac.value() + ",actions=NORMAL"));
                commands.add(ofctl("add-flow", c + ",priority=190,actions=drop"));
            }
        });
        commands.add(appctl("fdb/add", bridge, port, String.valueOf(vlan.orElse(0)), mac.value()));
        commands.add(appctl("revalidator/purge"));
        HostCommands.outputAll(shell, commands, null);
    }

    /**
     * Removes the static entries that steer {@code mac} to the port (on any VLAN); an entry already gone, or on another
     * port, is left alone. Two calls: the port's number with the table, then the removal with the purge.
     */
    void clearStatic(String port, Mac mac) {
        Read read = Read.of(HostCommands.outputAll(shell, List.of(vsctl("get", "interface", port, "ofport"), appctl("fdb/show", bridge)), null));
        String ofport = read.first();
        if (!ofport.matches("[1-9]\\d{0,5}")) return;
        List<List<String>> commands = new ArrayList<>();
        for (String line : read.rest().split("\n")) {
            Matcher m = FDB_LINE.matcher(line);
            if (m.matches() && m.group(1).equals(ofport) && Mac.parse(m.group(3)).equals(mac)) {
                commands.add(appctl("fdb/del", bridge, m.group(2), mac.value()));
            }
        }
        if (commands.isEmpty()) return;
        commands.add(appctl("revalidator/purge"));
        HostCommands.outputAll(shell, commands, "could not find static mac entry");
    }

    /** Two reads in one call: the first command's one-line answer, and what the second printed after it. */
    private record Read(String first, String rest) {
        static Read of(String out) {
            int newline = out.indexOf('\n');
            return newline < 0 ? new Read(out.strip(), "") : new Read(out.substring(0, newline).strip(), out.substring(newline + 1));
        }
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
