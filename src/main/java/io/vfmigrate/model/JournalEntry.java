package io.vfmigrate.model;

import java.time.Instant;
import java.util.Map;

/**
 * One line of a run's journal, written before the action it announces. {@code step} is the step's
 * index in the workflow (or -1); {@code facts} are what the step learned, enough to resume or undo.
 */
public record JournalEntry(Instant at, Kind kind, int step, String stepType, String detail, Map<String, String> facts) {
    public enum Kind {
        STATE, STEP_STARTED, COMPENSATION_REGISTERED, STEP_SUCCEEDED, STEP_FAILED,
        COMPENSATION_STARTED, COMPENSATION_SUCCEEDED, COMPENSATION_FAILED, RECOVERY
    }

    public JournalEntry {
        facts = Map.copyOf(facts);
        detail = detail == null ? "" : detail;
        stepType = stepType == null ? "" : stepType;
    }
}
