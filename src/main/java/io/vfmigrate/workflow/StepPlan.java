package io.vfmigrate.workflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A step of a dry-run plan: what it will do, with its concrete values (in a stable order). */
public record StepPlan(String type, String description, Map<String, Object> params) {
    public StepPlan { params = Collections.unmodifiableMap(new LinkedHashMap<>(params)); }

    /** Ordered parameters from key, value pairs. */
    public static Map<String, Object> params(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }
}
