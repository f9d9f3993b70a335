package io.vfmigrate.workflow;

import java.util.Map;

/** A step of a dry-run plan: what it will do, with its concrete values. */
public record StepPlan(String type, String description, Map<String, Object> params) {
    public StepPlan { params = Map.copyOf(params); }
}
