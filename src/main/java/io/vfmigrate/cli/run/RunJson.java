package io.vfmigrate.cli.run;

import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.ports.Leases;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs, journal entries and leases as JSON objects for {@code runs --output json} and {@code show --output json}. */
final class RunJson {
    private RunJson() {}

    static Map<String, Object> run(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("vm", r.vm());
        m.put("source", r.source());
        m.put("destination", r.destination());
        m.put("workflow", r.workflow());
        m.put("state", r.state().name());
        m.put("open", r.state().isOpen());
        m.put("coordinator", r.coordinator());
        m.put("created", r.created().toString());
        m.put("updated", r.updated().toString());
        return m;
    }

    static Map<String, Object> entry(JournalEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at().toString());
        m.put("kind", e.kind().name());
        if (e.step() >= 0) {
            m.put("step", e.step() + 1);
            m.put("step-type", e.stepType());
        }
        m.put("detail", e.detail());
        m.put("facts", e.facts());
        return m;
    }

    static Map<String, Object> lease(Leases.Holder h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", h.key());
        m.put("run", h.runId());
        m.put("coordinator", h.coordinator());
        m.put("expires", h.expires().toString());
        return m;
    }
}
