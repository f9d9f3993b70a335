package io.vfmigrate.app.run;

import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.JournalEntry.Kind;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.workflow.RunOutcome;
import io.vfmigrate.workflow.SettledCopies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report of one run, read from its journal alone (so `show RUN` prints the same report as the end
 * of the run): each step's and undo's duration, the completed migration job's statistics, the bond
 * verified after each switch-over, the network probe's result when one ran, and what was left behind
 * when the run needed an operator, and what the run did to the VM's copies on its own (a stale copy destroyed).
 */
public record RunReport(List<StepTime> steps, Map<String, String> migration, List<String> bondChecks,
                        Map<String, String> probe, List<String> leftBehind, List<String> settledCopies) {
    /** One step (or undo) that finished, and how long it took. */
    public record StepTime(int index, String type, boolean undo, long millis) {}

    public static final String MIGRATION_PREFIX = "migration.";
    public static final String PROBE_PREFIX = "probe.";
    private static final Pattern MILLIS = Pattern.compile("(\\d+) ms");
    private static final Pattern BOND_CHECK = Pattern.compile("bond\\.\\d+\\.verified\\..*");
    private static final String LEFT = "needs an operator; left: ";
    private static final Pattern ENDED = Pattern.compile("[A-Z_]+ -> (SUCCEEDED|COMPENSATED|CLOSED)");

    public RunReport {
        steps = List.copyOf(steps);
        migration = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(migration));
        bondChecks = List.copyOf(bondChecks);
        probe = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(probe));
        leftBehind = List.copyOf(leftBehind);
        settledCopies = List.copyOf(settledCopies);
    }

    /**
     * The report of a run that just ended: from its journal, or, when the journal lacks the run's end (the state store
     * failed), from what this process kept of it in memory.
     */
    public static RunReport after(Journal journal, RunOutcome outcome) {
        return outcome.journalLag().map(lag -> of(lag.entries())).orElseGet(() -> of(journal.entries(outcome.run().id())));
    }

    public static RunReport of(List<JournalEntry> entries) {
        List<StepTime> steps = new ArrayList<>();
        Map<String, String> migration = new LinkedHashMap<>();
        Map<String, String> probe = new LinkedHashMap<>();
        List<String> bonds = new ArrayList<>();
        List<String> left = new ArrayList<>();
        Map<String, String> allFacts = new LinkedHashMap<>();
        for (JournalEntry e : entries) {
            allFacts.putAll(e.facts());
            if (e.kind() == Kind.STEP_SUCCEEDED || e.kind() == Kind.COMPENSATION_SUCCEEDED) {
                Matcher m = MILLIS.matcher(e.detail());
                if (m.matches()) steps.add(new StepTime(e.step(), e.stepType(), e.kind() == Kind.COMPENSATION_SUCCEEDED, Long.parseLong(m.group(1))));
            }
            if (e.kind() == Kind.STATE && e.detail().startsWith(LEFT)) left = List.of(e.detail().substring(LEFT.length()).split("; "));
            // a later end (resumed, rolled back, closed) supersedes what an earlier one left
            if (e.kind() == Kind.STATE && ENDED.matcher(e.detail()).matches()) left = List.of();
            if (e.kind() == Kind.STATE && e.facts().containsKey(LeftBehind.PREFIX + "checked")) left = checked(e.facts());
            e.facts().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(f -> {
                if (f.getKey().startsWith(MIGRATION_PREFIX)) migration.put(f.getKey().substring(MIGRATION_PREFIX.length()), f.getValue());
                if (f.getKey().startsWith(PROBE_PREFIX)) probe.put(f.getKey().substring(PROBE_PREFIX.length()), f.getValue());
                if (BOND_CHECK.matcher(f.getKey()).matches() && !f.getValue().isEmpty()) {
                    bonds.add("step " + (e.step() + 1) + " " + e.stepType() + ": " + f.getValue());
                }
            });
        }
        return new RunReport(steps, migration, bonds, probe, left, SettledCopies.of(allFacts));
    }

    /** The journaled check: its leftovers, or one line saying nothing was left (or why it was not checked). */
    private static List<String> checked(Map<String, String> facts) {
        String checked = facts.get(LeftBehind.PREFIX + "checked");
        if (!checked.equals("yes")) return List.of("(" + checked + ")");
        List<String> left = new ArrayList<>();
        for (int i = 0; facts.containsKey(LeftBehind.PREFIX + i); i++) left.add(facts.get(LeftBehind.PREFIX + i));
        return left.isEmpty() ? List.of(NOTHING) : left;
    }

    public static final String NOTHING = "nothing (checked: no temporary port on either host, no extra VF attached or reserved)";

    public Optional<Long> downtimeMillis() { return Optional.ofNullable(migration.get("downtime-ms")).map(Long::parseLong); }

    /** The report as text lines (unescaped: the printer cleans them). */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("report:");
        for (StepTime s : steps) out.add(String.format("  %s %d %-28s %6d ms", s.undo() ? "undo" : "step", s.index() + 1, s.type(), s.millis()));
        if (migration.isEmpty()) {
            out.add("  migration: no completed migration job in this run");
        } else {
            out.add("  migration: " + val("total-ms") + " ms in all, downtime " + val("downtime-ms") + " ms (reported by QEMU), "
                    + mib(val("memory-transferred-bytes")) + " MiB of memory in " + val("iterations") + " iterations, allowed downtime at the end "
                    + val("final-allowed-downtime-ms") + " ms, post-copy " + val("post-copy") + ", forced (VM paused) " + val("forced")
                    // runs journaled before the tls key have no such fact
                    + (migration.containsKey("tls") ? ", stream over TLS " + val("tls") : "")
                    + (migration.containsKey("throttle-percent") ? ", vCPUs throttled by auto-converge up to " + val("throttle-percent") + "%" : ""));
        }
        bondChecks.forEach(b -> out.add("  bond verified after " + b));
        if (!probe.isEmpty()) {
            out.add("  probe " + probe.getOrDefault("target", "?") + ": " + probe.getOrDefault("lost", "?") + " of "
                    + probe.getOrDefault("sent", "?") + " probes lost, longest gap " + probe.getOrDefault("longest-gap-ms", "?") + " ms");
        }
        if (!leftBehind.isEmpty()) leftBehind.forEach(l -> out.add("  left behind: " + l));
        settledCopies.forEach(c -> out.add("  warning: " + c));
        return out;
    }

    private String val(String key) { return migration.getOrDefault(key, "?"); }

    private static String mib(String bytes) {
        try {
            return String.format("%.1f", Long.parseLong(bytes) / 1048576.0);
        } catch (NumberFormatException e) {
            return "?";
        }
    }
}
