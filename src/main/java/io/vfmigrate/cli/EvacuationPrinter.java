package io.vfmigrate.cli;

import io.vfmigrate.model.Vf;
import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.planning.Placement;
import io.vfmigrate.planning.Unplaceable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints an evacuation plan: each move with its wave, destination, workflow and VFs; then what stays. */
public final class EvacuationPrinter {
    private EvacuationPrinter() {}

    public static void text(PrintWriter out, EvacuationPlan plan) {
        SafeText.printf(out, "Evacuation plan for %s: %d VM(s) to move, %d unplaceable%n", plan.host(), plan.moves().size(), plan.unplaceable().size());
        int wave = 0;
        for (EvacuationPlan.Move m : plan.moves().stream().sorted(java.util.Comparator.comparingInt(EvacuationPlan.Move::wave)).toList()) {
            if (m.wave() != wave) {
                wave = m.wave();
                SafeText.printf(out, "Wave %d:%n", wave);
            }
            Placement p = m.placement();
            SafeText.printf(out, "  %s -> %s with %s%s%n", p.vm(), p.destination(), p.workflow(), p.offline() ? " (offline)" : "");
            for (Placement.VfMove v : p.vfs()) {
                SafeText.printf(out, "      %s: %s (MAC %s) -> %s%n", v.network(), v.sourceVf(), v.mac(), v.destinationVf().map(EvacuationPrinter::vf)
                        .orElse("no VF reserved (offline move)"));
            }
            p.note().ifPresent(n -> SafeText.printf(out, "      note: %s%n", n));
            m.convergence().ifPresent(c -> SafeText.printf(out, "      convergence: %s%s%n", c.detail(),
                    c.expectedNotToConverge() ? " (moved after the others)" : ""));
        }
        if (!plan.unplaceable().isEmpty()) {
            out.println("Unplaceable:");
            for (Unplaceable u : plan.unplaceable()) SafeText.printf(out, "  %s: %s%n", u.vm(), u.reason());
        }
    }

    private static String vf(Vf vf) {
        return vf.id() + " (" + vf.address() + (vf.numaNode().isPresent() ? ", NUMA node " + vf.numaNode().getAsInt() : "") + ")";
    }

    public static Map<String, Object> json(String host, EvacuationPlan plan, int exitCode) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("host", host);
        List<Map<String, Object>> placements = new ArrayList<>();
        if (plan != null) {
            for (EvacuationPlan.Move m : plan.moves()) {
                Placement p = m.placement();
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("vm", p.vm());
                pm.put("destination", p.destination());
                pm.put("workflow", p.workflow());
                List<Map<String, Object>> vfs = new ArrayList<>();
                for (Placement.VfMove v : p.vfs()) {
                    Map<String, Object> vm = new LinkedHashMap<>();
                    vm.put("network", v.network());
                    vm.put("mac", v.mac());
                    vm.put("source-vf", v.sourceVf());
                    vm.put("destination-vf", v.destinationVf().map(Vf::id).orElse(null));
                    vm.put("destination-address", v.destinationVf().map(Vf::address).orElse(null));
                    vfs.add(vm);
                }
                pm.put("vfs", vfs);
                pm.put("wave", m.wave());
                pm.put("offline", p.offline());
                pm.put("note", p.note().orElse(null));
                pm.put("convergence", m.convergence().map(c -> Map.of("expected-not-to-converge", c.expectedNotToConverge(), "detail", c.detail()))
                        .orElse(null));
                placements.add(pm);
            }
        }
        out.put("placements", placements);
        List<Map<String, Object>> unplaceable = new ArrayList<>();
        if (plan != null) for (Unplaceable u : plan.unplaceable()) unplaceable.add(Map.of("vm", u.vm(), "reason", u.reason()));
        out.put("unplaceable", unplaceable);
        out.put("exit-code", exitCode);
        return out;
    }

    /** A dry run's output: the plan as text (then "dry run: nothing was changed", or the refusal), or as one JSON value; its exit code. */
    public static int dryRun(PrintWriter out, String host, boolean json, io.vfmigrate.app.EvacuationResult result) {
        if (json) {
            JsonOutput.print(out, json(host, result.plan().orElse(null), result.exitCode()));
        } else {
            result.plan().ifPresent(p -> text(out, p));
            out.println(result.refusal().map(r -> "refused: " + r).orElse("dry run: nothing was changed"));
        }
        out.flush();
        return result.exitCode();
    }
}
