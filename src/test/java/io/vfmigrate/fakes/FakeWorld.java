package io.vfmigrate.fakes;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.TemporaryPortSpec;
import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.HostShell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small fleet of fake hosts sharing one record of every mutating call, with faults that can be
 * injected by call prefix ("attach host-b", "guest ip link set dev bond0 type bond active_slave").
 */
public final class FakeWorld {
    public final Map<String, FakeHypervisor> hypervisors = new LinkedHashMap<>();
    public final Map<String, FakeVfPool> pools = new LinkedHashMap<>();
    public final List<String> mutations = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Every guest command, read or change, as "HOST argv...": what a run costs in guest round trips. */
    public final List<String> guestCalls = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The mutations and the guest commands interleaved, in the order they happened. */
    public final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Host commands, "HOST argv...", in order. */
    public final List<String> shellCalls = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Fault> faults = new ArrayList<>();

    private static final class Fault {
        final String prefix;
        int skip;
        int times;

        Fault(String prefix, int skip, int times) {
            this.prefix = prefix;
            this.skip = skip;
            this.times = times;
        }
    }

    /** The temporary ports of network physnet0 on each host (a macvtap on br0 and an OVS bridge br-ovs, unless a test sets others). */
    public final Map<String, List<TemporaryPortSpec>> temporaryPorts = new LinkedHashMap<>();
    /** A host whose shell cannot reach it (ssh refused, say): each of its host commands throws this. */
    public final Map<String, FailureException> unreachableShells = new java.util.concurrent.ConcurrentHashMap<>();
    /** What a host command answers, by "HOST argv..." (exit 0 and no output for any other). */
    public final Map<String, ExecResult> shellAnswers = new LinkedHashMap<>();

    /** The macvtaps host commands made on each host ({@code ip link add ... type macvtap}, {@code ip link del dev}), by name. */
    public final Map<String, java.util.Set<String>> macvtaps = new java.util.concurrent.ConcurrentHashMap<>();

    /** Macvtaps removed while a VM's interface on that host named them ("HOST DEV"): a port cut from under its VM. */
    public final List<String> macvtapsRemovedInUse = java.util.Collections.synchronizedList(new ArrayList<>());

    public java.util.Set<String> macvtaps(String host) { return macvtaps.computeIfAbsent(host, h -> java.util.concurrent.ConcurrentHashMap.newKeySet()); }

    /** Each network's probe address, as the inventory's {@code probe} (none by default). */
    public final Map<String, String> probes = new LinkedHashMap<>();

    public FakeHypervisor addHost(String name, int slots) {
        FakeHypervisor h = new FakeHypervisor(this, name);
        hypervisors.put(name, h);
        pools.put(name, new FakeVfPool(this, h, "physnet0", "br0", slots));
        temporaryPorts.put(name, List.of(new TemporaryPortSpec.Macvtap("br0", "bridge"), new TemporaryPortSpec.Ovs("br-ovs")));
        return h;
    }

    public Host host(String name) {
        FakeHypervisor h = hypervisors.get(name);
        return new Host(name, h, new FakeGuestAgent(this, h), shell(name), Map.of("physnet0", pools.get(name)),
                Map.of("physnet0", temporaryPorts.get(name)),
                Optional.of("tcp://198.18.0." + (10 + new ArrayList<>(hypervisors.keySet()).indexOf(name) + 1)), probes);
    }

    private HostShell shell(String name) {
        return new HostShell() {
            public String host() { return name; }

            public ExecResult run(List<String> argv, Duration timeout) {
                shellCalls.add(name + " " + String.join(" ", argv));
                FailureException unreachable = unreachableShells.get(name);
                if (unreachable != null) throw unreachable;
                checkFault("shell " + name + " " + String.join(" ", argv));
                ExecResult answer = shellAnswers.get(name + " " + String.join(" ", argv));
                if (answer != null) return answer;
                return links(name, argv);
            }
        };
    }

    /** As {@code ip link} makes and removes a macvtap on a host; any other command exits 0. */
    private ExecResult links(String host, List<String> argv) {
        if (argv.size() > 6 && argv.subList(0, 3).equals(List.of("ip", "link", "add")) && argv.contains("macvtap")) {
            String dev = argv.get(argv.indexOf("name") + 1);
            return macvtaps(host).add(dev) ? new ExecResult(0, "", "") : new ExecResult(2, "", "RTNETLINK answers: File exists");
        }
        if (argv.size() == 5 && argv.subList(0, 4).equals(List.of("ip", "link", "del", "dev"))) {
            String target = "<target dev='" + argv.get(4) + "' managed='no'/>";
            if (hypervisors.get(host).domains.values().stream().anyMatch(d -> d.interfaces.stream().anyMatch(i -> i.contains(target)))) {
                macvtapsRemovedInUse.add(host + " " + argv.get(4));
            }
            return macvtaps(host).remove(argv.get(4)) ? new ExecResult(0, "", "") : new ExecResult(1, "", "Cannot find device \"" + argv.get(4) + "\"");
        }
        return new ExecResult(0, "", "");
    }

    /** The {@code skip}+1-th call starting with {@code prefix} fails, and the {@code times-1} after it. */
    public void failOn(String prefix, int skip, int times) { faults.add(new Fault(prefix, skip, times)); }

    public void failOn(String prefix) { failOn(prefix, 0, Integer.MAX_VALUE); }

    void checkFault(String call) {
        for (Fault f : faults) {
            if (!call.startsWith(f.prefix)) continue;
            if (f.skip > 0) {
                f.skip--;
                continue;
            }
            if (f.times > 0) {
                f.times--;
                throw new FailureException(new Failure.LibvirtError("fake", 1, "injected failure of: " + call));
            }
        }
    }

    void recordMutation(String call) {
        mutations.add(call);
        events.add(call);
    }

    void recordGuestCall(String call) {
        guestCalls.add(call);
        events.add(call);
    }

    /** A VM on {@code host} without any VF. */
    public FakeGuest plainVm(String host, String vm) {
        FakeGuest g = new FakeGuest();
        hypervisors.get(host).domains.put(vm, new FakeHypervisor.Domain(vm, g));
        return g;
    }

    /** A VM on {@code host} whose VF (in {@code slot}) is in no bond. */
    public FakeGuest unbondedVm(String host, String vm, int slot, String mac) {
        FakeGuest g = plainVm(host, vm);
        hypervisors.get(host).plugQuietly(vm, pools.get(host).xmlForSlot(slot, mac));
        return g;
    }

    /** A shut-off persistent VM on {@code host} whose definition names the VF in {@code slot} (programmed with its MAC, as it was when it ran). */
    public void shutOffVm(String host, String vm, int slot, String mac) {
        hypervisors.get(host).shutOff.put(vm, "<domain type='qemu'><name>" + vm + "</name><uuid>u-" + vm + "</uuid>"
                + "<memory unit='KiB'>262144</memory><devices>" + pools.get(host).xmlForSlot(slot, mac)
                        .replace("</interface>", "<address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/></interface>")
                + "</devices></domain>");
        pools.get(host).programmedMac.put("fvf" + slot, mac);
    }

    /** A VM on {@code host} with one VF (slot 0) in an active-backup bond0, as the lab builds them. */
    public FakeGuest bondedVm(String host, String vm, String mac) { return bondedVm(host, vm, mac, 0); }

    /** The same with its VF in {@code slot}. */
    public FakeGuest bondedVm(String host, String vm, String mac, int slot) {
        FakeHypervisor h = hypervisors.get(host);
        FakeGuest g = new FakeGuest();
        h.domains.put(vm, new FakeHypervisor.Domain(vm, g));
        h.plugQuietly(vm, pools.get(host).xmlForSlot(slot, mac));
        pools.get(host).programmedMac.put("fvf" + slot, mac);
        g.bond("bond0");
        g.enslave(g.byMac(mac).orElseThrow().name, "bond0");
        return g;
    }
}
