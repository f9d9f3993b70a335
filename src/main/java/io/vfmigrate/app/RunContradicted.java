package io.vfmigrate.app;

import java.util.List;

/**
 * A `resume` or `rollback` refused before any change (exit code 2; only a paused copy of the VM may have
 * been resumed and a stale one removed, as every command does first, and the message says so): the real state contradicts steps
 * that the journal calls done and the command would skip or undo. Names each step and what to do:
 * `close` when the VM was repaired by hand or moved by another run, else repair and retry.
 */
public final class RunContradicted extends RuntimeException {
    private final List<String> contradictions;
    private final String advice;

    /** {@code found}: one line per contradicted step. */
    public RunContradicted(String runId, String vm, String command, List<String> found, List<String> settled) {
        super("run " + runId + ": " + command + " refused: the real state of " + vm + " contradicts " + found.size()
                + " step(s) the journal calls done; " + (settled.isEmpty() ? "nothing was changed"
                : "nothing else was changed (before the check, the VM's copies were settled: " + String.join("; ", settled) + ")"));
        if (found.isEmpty()) throw new IllegalArgumentException("a refusal for contradictions names at least one");
        this.contradictions = List.copyOf(found);
        this.advice = "if " + vm + " was repaired by hand (or moved by another run): `vfmigrate close " + runId
                + "`; else repair what is listed and retry `vfmigrate " + command + " " + runId + "`";
    }

    /** One line per contradicted step: "step N TYPE: the journal says ...; real: ...". */
    public List<String> contradictions() { return contradictions; }

    public String advice() { return advice; }
}
