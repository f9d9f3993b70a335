package io.vfmigrate.adapters.fakes;

import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.HostShell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A stateful fake host for the VF pools: its net devices, optionally one SR-IOV PF with VFs, and the
 * few commands the pools run. Records every command; an unknown one exits 127 like a missing program.
 */
public final class FakeHost implements HostShell {
    private final String host;
    private final Set<String> links = new LinkedHashSet<>(List.of("lo", "eth0", "br0"));
    private final Map<Integer, FakeVf> vfs = new TreeMap<>();
    private final List<List<String>> commands = new ArrayList<>();
    /** Ports of bridge br0, and its static forwarding entries: MAC -> port. */
    private final Set<String> bridgePorts = new LinkedHashSet<>();
    private final Map<String, String> fdb = new TreeMap<>();
    private String pf;
    private String numaNode = "-1";

    public FakeHost(String host) {
        this.host = host;
    }

    /** A PF with {@code count} VFs at 0000:81:10.N. */
    public FakeHost withPf(String name, int count, int numa) {
        pf = name;
        numaNode = String.valueOf(numa);
        links.add(name);
        for (int n = 0; n < count; n++) vfs.put(n, new FakeVf(String.format("0000:81:10.%d", n)));
        return this;
    }

    public FakeHost addLink(String name) {
        links.add(name);
        return this;
    }

    /** A link that is a port of br0 (an emulated VF's persistent tap). */
    public FakeHost addBridgePort(String name) {
        links.add(name);
        bridgePorts.add(name);
        return this;
    }

    /** br0's static forwarding entries, MAC -> port. */
    public Map<String, String> fdb() { return Map.copyOf(fdb); }

    public List<List<String>> commands() { return List.copyOf(commands); }

    public FakeVf vf(int n) { return vfs.get(n); }

    @Override public String host() { return host; }

    @Override
    public synchronized ExecResult run(List<String> argv, Duration timeout) {
        commands.add(List.copyOf(argv));
        if (argv.equals(List.of("ip", "-o", "link", "show"))) return ok(linkList(links));
        if (argv.equals(List.of("ip", "-o", "link", "show", "master", "br0"))) return ok(linkList(bridgePorts));
        if (argv.size() == 9 && argv.subList(0, 3).equals(List.of("bridge", "fdb", "replace")) && argv.subList(6, 9).equals(List.of("master", "static", "sticky"))) {
            return steer(argv.get(3), argv.get(5));
        }
        if (argv.size() == 7 && argv.subList(0, 3).equals(List.of("bridge", "fdb", "del")) && argv.get(6).equals("master")) return unsteer(argv.get(3), argv.get(5));
        if (argv.size() == 7 && argv.subList(0, 4).equals(List.of("ip", "tuntap", "add", "dev")) && argv.get(5).equals("mode")) return create(argv.get(4));
        if (pf != null && argv.equals(List.of("ls", "-l", "/sys/class/net/" + pf + "/device/"))) return ok(deviceListing());
        if (pf != null && argv.equals(List.of("cat", "/sys/class/net/" + pf + "/device/numa_node"))) return ok(numaNode + "\n");
        if (pf != null && argv.equals(List.of("ip", "-d", "link", "show", "dev", pf))) return ok(pfDetails());
        if (pf != null && argv.size() >= 9 && argv.subList(0, 6).equals(List.of("ip", "link", "set", "dev", pf, "vf"))) return setVf(argv);
        return new ExecResult(127, "", argv.get(0) + ": not found\n");
    }

    private ExecResult create(String name) {
        if (!links.add(name)) return new ExecResult(1, "", "ioctl(TUNSETIFF): Device or resource busy\n");
        return ok("");
    }

    private ExecResult steer(String mac, String port) {
        if (!bridgePorts.contains(port)) return new ExecResult(1, "", "Cannot find device \"" + port + "\"\n");
        fdb.put(mac, port);
        return ok("");
    }

    private ExecResult unsteer(String mac, String port) {
        if (!port.equals(fdb.get(mac))) return new ExecResult(2, "", "RTNETLINK answers: No such file or directory\n");
        fdb.remove(mac);
        return ok("");
    }

    private static String linkList(Set<String> shown) {
        StringBuilder out = new StringBuilder();
        int index = 1;
        for (String link : shown) {
            out.append(index++).append(": ").append(link).append(link.startsWith("veth") ? "@if9" : "")
                    .append(": <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n");
        }
        return out.toString();
    }

    private String deviceListing() {
        StringBuilder out = new StringBuilder("total 0\n-rw-r--r-- 1 root root 4096 Nov 24 20:00 numa_node\n");
        vfs.forEach((n, vf) -> out.append("lrwxrwxrwx 1 root root    0 Nov 24 20:00 virtfn").append(n)
                .append(" -> ../").append(vf.pciAddress).append('\n'));
        out.append("lrwxrwxrwx 1 root root    0 Nov 24 20:00 driver -> ../../../../bus/pci/drivers/ixgbe\n");
        return out.toString();
    }

    private String pfDetails() {
        StringBuilder out = new StringBuilder("4: " + pf + ": <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000\n"
                + "    link/ether 3c:fd:fe:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 9710 numtxqueues 64\n");
        vfs.forEach((n, vf) -> out.append("    vf ").append(n).append("     link/ether ").append(vf.mac)
                .append(" brd ff:ff:ff:ff:ff:ff").append(vf.vlan == 0 ? "" : ", vlan " + vf.vlan)
                .append(", spoof checking ").append(vf.spoofchk ? "on" : "off").append(", link-state auto, trust ")
                .append(vf.trust ? "on" : "off").append(", query_rss off\n"));
        return out.toString();
    }

    /** As iproute2 and igb answer: the arguments are checked before anything is set. */
    private ExecResult setVf(List<String> argv) {
        FakeVf vf = vfs.get(Integer.parseInt(argv.get(6)));
        for (int i = 7; i + 1 < argv.size(); i += 2) {
            String value = argv.get(i + 1);
            switch (argv.get(i)) {
                case "mac", "spoofchk", "trust" -> { }
                case "vlan" -> {   // iproute2 refuses a VLAN above 4095 itself; igb takes 4095
                    if (Integer.parseInt(value) > 4095) return new ExecResult(255, "", "Error: argument \"" + value + "\" is wrong: Invalid \"vlan\" value\n");
                }
                default -> { return new ExecResult(255, "", "Error: argument \"" + argv.get(i) + "\" is wrong\n"); }
            }
        }
        if (vf == null) return new ExecResult(2, "", "RTNETLINK answers: Invalid argument\n");
        for (int i = 7; i + 1 < argv.size(); i += 2) {   // igb refuses a MAC that is no unicast one (the zero MAC clears the VF's)
            if (argv.get(i).equals("mac") && (Integer.parseInt(argv.get(i + 1).substring(0, 2), 16) & 1) != 0) {
                return new ExecResult(2, "", "RTNETLINK answers: Invalid argument\n");
            }
        }
        for (int i = 7; i + 1 < argv.size(); i += 2) {
            String value = argv.get(i + 1);
            switch (argv.get(i)) {
                case "mac" -> vf.mac = value;
                case "vlan" -> vf.vlan = Integer.parseInt(value);
                case "spoofchk" -> vf.spoofchk = value.equals("on");
                default -> vf.trust = value.equals("on");
            }
        }
        return ok("");
    }

    private static ExecResult ok(String stdout) {
        return new ExecResult(0, stdout, "");
    }

    /** One VF as the PF driver holds it. */
    public static final class FakeVf {
        public final String pciAddress;
        public String mac = "00:00:00:00:00:00";
        public int vlan;
        public boolean spoofchk = true;
        public boolean trust;

        FakeVf(String pciAddress) {
            this.pciAddress = pciAddress;
        }
    }
}
