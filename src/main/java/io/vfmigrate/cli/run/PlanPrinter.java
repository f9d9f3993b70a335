package io.vfmigrate.cli.run;

import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.Plan;
import io.vfmigrate.cli.JsonOutput;
import io.vfmigrate.model.Printable;
import io.vfmigrate.planning.Check;
import io.vfmigrate.workflow.StepPlan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a plan and a run's result, as text for people or as one JSON object for programs. Details
 * come from the guest and the hosts: every value is escaped ({@link Printable}) before it is printed.
 */
final class PlanPrinter {
    private PlanPrinter() {}

    static void text(PrintWriter out, Plan plan) {
        out.printf("Plan: migrate %s from %s to %s with workflow %s%n", Printable.clean(plan.vm()), Printable.clean(plan.source()),
                Printable.clean(plan.destination()), Printable.clean(plan.workflow()));
        out.println("Preflight:");
        for (Check c : plan.preflight()) out.printf("  [%-7s] %s: %s%n", c.status(), Printable.clean(c.check()), Printable.clean(c.detail()));
        if (plan.steps().isEmpty()) return;
        out.println("Steps:");
        int n = 1;
        for (StepPlan s : plan.steps()) {
            out.printf("  %d. %s: %s%n", n++, s.type(), Printable.clean(s.description()));
            s.params().forEach((k, v) -> printParam(out, "       ", k, v));
        }
    }

    @SuppressWarnings("unchecked")
    private static void printParam(PrintWriter out, String indent, String key, Object value) {
        if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
            out.printf("%s%s:%n", indent, Printable.clean(key));
            for (Object item : list) {
                out.printf("%s  -%n", indent);
                ((Map<String, Object>) item).forEach((k, v) -> printParam(out, indent + "    ", k, v));
            }
        } else if (value instanceof List<?> list && (key.equals("guest-commands") || key.equals("host-commands"))) {
            out.printf("%s%s:%n", indent, Printable.clean(key));
            list.forEach(c -> out.printf("%s  $ %s%n", indent, Printable.clean(c)));
        } else {
            out.printf("%s%s: %s%n", indent, Printable.clean(key), Printable.clean(value));
        }
    }

    static Map<String, Object> json(Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vm", plan.vm());
        m.put("source", plan.source());
        m.put("destination", plan.destination());
        m.put("workflow", plan.workflow());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Check c : plan.preflight()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("check", c.check());
            cm.put("ok", c.ok());
            cm.put("status", c.status().name().toLowerCase());
            cm.put("detail", c.detail());
            checks.add(cm);
        }
        m.put("preflight", checks);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepPlan s : plan.steps()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("type", s.type());
            sm.put("description", s.description());
            sm.put("params", s.params());
            steps.add(sm);
        }
        m.put("steps", steps);
        return m;
    }

    static void json(PrintWriter out, MigrationResult result) {
        Map<String, Object> m = json(result.plan());
        result.refusal().ifPresent(r -> m.put("refused", r));
        result.outcome().ifPresent(o -> {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", o.run().id());
            run.put("state", o.state().name());
            o.cause().ifPresent(c -> run.put("cause", c.message()));
            run.put("compensation-failures", o.compensationFailures().stream().map(f -> f.message()).toList());
            run.put("leftovers", o.leftovers());
            m.put("run", run);
        });
        m.put("exit-code", result.exitCode());
        JsonOutput.print(out, m);
    }
}
