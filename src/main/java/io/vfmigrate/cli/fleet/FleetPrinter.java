package io.vfmigrate.cli.fleet;

import io.vfmigrate.cli.JsonOutput;
import io.vfmigrate.cli.SafeText;
import io.vfmigrate.model.Printable;
import io.vfmigrate.model.Vf;
import io.vfmigrate.planning.FleetSnapshot;
import io.vfmigrate.planning.HostView;
import io.vfmigrate.planning.VmView;
import io.vfmigrate.ports.HostFlags;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prints the fleet snapshot: one row per VM (`vms`) or per host (`hosts`), as text or one JSON object. */
final class FleetPrinter {
    private FleetPrinter() {}

    static void vmsText(PrintWriter out, FleetSnapshot fleet) {
        SafeText.printf(out, "%-12s %-16s %-9s %8s %5s %-28s %-11s %s%n", "HOST", "VM", "STATE", "MEM-MIB", "VCPUS", "VFS", "READINESS", "REASON");
        for (HostView h : fleet.hosts()) {
            if (!h.reachable()) {
                SafeText.printf(out, "%-12s %-16s %s%n", h.name(), "-", "unreachable: " + h.unreachable().get());
                continue;
            }
            for (VmView v : h.vms()) {
                SafeText.printf(out, "%-12s %-16s %-9s %8d %5d %-28s %-11s %s%n", h.name(), v.name(), v.state().label(), v.memoryKiB() / 1024,
                        v.vcpus(), vfsText(v), v.readiness().kind().label(), v.readiness().reason());
            }
        }
    }

    private static String vfsText(VmView v) {
        if (v.vfs().isEmpty()) return "-";
        Map<String, List<String>> byNetwork = new TreeMap<>();
        for (VmView.VmVf vf : v.vfs()) byNetwork.computeIfAbsent(vf.network(), n -> new ArrayList<>()).add(vf.vfId());
        List<String> parts = new ArrayList<>();
        byNetwork.forEach((n, ids) -> parts.add(n + ":" + String.join("+", ids)));
        return String.join(",", parts);
    }

    static Map<String, Object> vmsJson(FleetSnapshot fleet, int exitCode) {
        List<Map<String, Object>> vms = new ArrayList<>();
        for (HostView h : fleet.hosts()) {
            for (VmView v : h.vms()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("host", h.name());
                m.put("vm", v.name());
                m.put("state", v.state().label());
                m.put("persistent", v.persistent());
                m.put("memory-mib", v.memoryKiB() / 1024);
                m.put("vcpus", v.vcpus());
                Map<String, List<Map<String, Object>>> vfs = new TreeMap<>();
                for (VmView.VmVf vf : v.vfs()) {
                    vfs.computeIfAbsent(vf.network(), n -> new ArrayList<>()).add(Map.of("vf", vf.vfId(), "address", vf.address(), "mac", vf.mac()));
                }
                m.put("vfs", vfs);
                m.put("ready", v.readiness().kind().live());
                m.put("readiness", v.readiness().kind().label());
                m.put("reason", v.readiness().reason());
                vms.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vms", vms);
        out.put("unreachable", unreachable(fleet));
        out.put("exit-code", exitCode);
        return out;
    }

    static void hostsText(PrintWriter out, FleetSnapshot fleet, Map<String, HostFlags.Disabled> disabled) {
        SafeText.printf(out, "%-12s %-11s %9s %11s %7s  %s%n", "HOST", "STATE", "FREE-MIB", "VCPUS-USED", "RUNNING", "FREE VFS (by NUMA node)");
        for (HostView h : fleet.hosts()) {
            if (!h.reachable()) {
                SafeText.printf(out, "%-12s %-11s %s%n", h.name(), h.disabled() ? "disabled" : "-", "unreachable: " + h.unreachable().get());
                continue;
            }
            List<String> vfs = new ArrayList<>();
            new TreeMap<>(h.freeVfs()).forEach((n, list) -> vfs.add(n + " " + list.size() + " " + byNode(list)));
            SafeText.printf(out, "%-12s %-11s %9d %11s %7d  %s%n", h.name(), h.disabled() ? "disabled" : "enabled", h.freeMemoryKiB() / 1024,
                    h.vcpusInUse() + "/" + h.cpus(), h.runningVms(), String.join(", ", vfs));
        }
        // why each host is out of placement, and since when: what `host disable --reason` said
        disabled.values().forEach(d -> SafeText.printf(out, "%s disabled since %s by %s: %s%n", d.host(), d.since(), d.by(), d.reason()));
    }

    static Map<String, Object> hostsJson(FleetSnapshot fleet, Map<String, HostFlags.Disabled> disabled, int exitCode) {
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (HostView h : fleet.hosts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", h.name());
            m.put("reachable", h.reachable());
            h.unreachable().ifPresent(u -> m.put("reason", u));
            m.put("disabled", h.disabled());
            HostFlags.Disabled why = disabled.get(h.name());
            if (why != null) m.put("disabled-reason", why.reason());
            if (h.reachable()) {
                m.put("free-memory-mib", h.freeMemoryKiB() / 1024);
                m.put("total-memory-mib", h.totalMemoryKiB() / 1024);
                m.put("cpus", h.cpus());
                m.put("vcpus-in-use", h.vcpusInUse());
                m.put("running-vms", h.runningVms());
                Map<String, Object> vfs = new TreeMap<>();
                h.freeVfs().forEach((n, list) -> vfs.put(n, Map.of("free", list.size(), "by-numa-node", byNode(list))));
                m.put("free-vfs", vfs);
            }
            hosts.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hosts", hosts);
        out.put("exit-code", exitCode);
        return out;
    }

    /** Free VFs per NUMA node, "unknown" where the host does not say. */
    private static Map<String, Integer> byNode(List<Vf> vfs) {
        Map<String, Integer> out = new TreeMap<>();
        for (Vf vf : vfs) out.merge(vf.numaNode().isPresent() ? String.valueOf(vf.numaNode().getAsInt()) : "unknown", 1, Integer::sum);
        return out;
    }

    private static List<Map<String, Object>> unreachable(FleetSnapshot fleet) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HostView h : fleet.hosts()) {
            h.unreachable().ifPresent(u -> out.add(Map.of("host", h.name(), "reason", u)));
        }
        return out;
    }

    /** Warns on stderr about each host that did not answer. */
    static void warnUnreachable(PrintWriter err, FleetSnapshot fleet) {
        for (HostView h : fleet.hosts()) h.unreachable().ifPresent(u -> err.println(Printable.line("warning: host " + h.name() + " did not answer: " + u)));
        err.flush();
    }

    /** As every JSON of the CLI: non-ASCII, control characters and DEL escaped ({@link JsonOutput}). */
    static void json(PrintWriter out, Map<String, Object> value) { JsonOutput.print(out, value); }
}
