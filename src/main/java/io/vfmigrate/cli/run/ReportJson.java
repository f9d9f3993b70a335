package io.vfmigrate.cli.run;

import io.vfmigrate.app.run.RunReport;
import java.util.LinkedHashMap;
import java.util.Map;

/** A run's report as JSON (the outcome line of --output json, and `show RUN --output json`). */
final class ReportJson {
    private ReportJson() {}

    static Map<String, Object> of(RunReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", r.steps().stream().map(s -> {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("step", s.index() + 1);
            sm.put("type", s.type());
            sm.put("undo", s.undo());
            sm.put("millis", s.millis());
            return sm;
        }).toList());
        m.put("migration", r.migration());
        m.put("bond-checks", r.bondChecks());
        m.put("probe", r.probe());
        m.put("left-behind", r.leftBehind());
        m.put("copies-settled", r.settledCopies());
        return m;
    }
}
