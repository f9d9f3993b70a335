package io.vfmigrate.workflow.steps;

import java.util.List;
import java.util.Optional;

/**
 * The order a workflow's steps must keep (docs/workflows.md: a VF detached is attached again after the
 * migration, a temporary port added is removed, failover before detach, exactly one migrate), as
 * data: the step types a workflow has exactly once, and which step type needs which other one before or after it.
 * Steps without a rule ({@code wait}, {@code guest-command}) go anywhere.
 */
public final class StepOrder {
    enum Side {
        EARLIER("an earlier"), LATER("a later");

        final String words;

        Side(String words) { this.words = words; }
    }

    /** Every {@code step} needs an {@code other} on {@code side} of it; only in workflows that have {@code onlyIf}, when given. */
    record Rule(String step, Side side, String other, Optional<String> onlyIf, String why) {
        Rule onlyIf(String type) { return new Rule(step, side, other, Optional.of(type), why); }

        boolean appliesTo(List<String> types, int i) {
            return types.get(i).equals(step) && onlyIf.map(types::contains).orElse(true);
        }

        boolean keptAt(List<String> types, int i) {
            List<String> side = this.side == Side.EARLIER ? types.subList(0, i) : types.subList(i + 1, types.size());
            return side.contains(other);
        }

        String message() { return step + " needs " + side.words + " " + other + ": " + why; }
    }

    /** Where a workflow breaks a rule: the offending step's index, or empty for the list as a whole. */
    public record Violation(Optional<Integer> step, String message) {}

    static final List<String> EXACTLY_ONCE = List.of(Migrate.TYPE);

    static final List<Rule> RULES = List.of(
            later(DetachVf.TYPE, Migrate.TYPE, "a VF cannot be live-migrated, it is detached before the migration"),
            later(DetachVf.TYPE, AttachVf.TYPE, "a VF detached is attached again after the migration, else the VM ends without it"),
            earlier(AttachVf.TYPE, Migrate.TYPE, "it attaches a VF on the destination"),
            earlier(AttachVf.TYPE, DetachVf.TYPE, "it attaches a VF in place of the one detached"),
            earlier(EnslaveVf.TYPE, AttachVf.TYPE, "it enslaves the VF attached on the destination"),
            earlier(FailBackToVf.TYPE, EnslaveVf.TYPE, "the bond fails back to a VF it holds"),
            later(AddTemporaryPort.TYPE, RemoveTemporaryPort.TYPE, "a temporary port added is removed"),
            earlier(RemoveTemporaryPort.TYPE, AddTemporaryPort.TYPE, "it removes the temporary port added"),
            earlier(EnslaveTemporaryPort.TYPE, AddTemporaryPort.TYPE, "it enslaves the temporary port added"),
            earlier(FailOverToTemporaryPort.TYPE, EnslaveTemporaryPort.TYPE, "the bond fails over to a port it holds"),
            earlier(DetachVf.TYPE, FailOverToTemporaryPort.TYPE, "the traffic moves to the temporary port before the VF goes")
                    .onlyIf(AddTemporaryPort.TYPE),
            earlier(RemoveTemporaryPort.TYPE, FailBackToVf.TYPE, "the temporary port goes only once the VF is active again")
                    .onlyIf(FailOverToTemporaryPort.TYPE));

    private StepOrder() {}

    /** The first rule the list of step types breaks: the counts first, then step by step. */
    public static Optional<Violation> check(List<String> types) {
        if (types.contains(MigrateOffline.TYPE)) return offline(types);
        for (String type : EXACTLY_ONCE) {
            Optional<Violation> v = once(types, type);
            if (v.isPresent()) return v;
        }
        for (int i = 0; i < types.size(); i++) {
            for (Rule r : RULES) {
                if (r.appliesTo(types, i) && !r.keptAt(types, i)) return Optional.of(new Violation(Optional.of(i), r.message()));
            }
        }
        return Optional.empty();
    }

    /** An offline move (a shut-off VM's definition) has one migrate-offline and nothing else but waits: no guest runs. */
    private static Optional<Violation> offline(List<String> types) {
        Optional<Violation> once = once(types, MigrateOffline.TYPE);
        if (once.isPresent()) return once;
        for (int i = 0; i < types.size(); i++) {
            if (!types.get(i).equals(MigrateOffline.TYPE) && !types.get(i).equals(Wait.TYPE)) {
                return Optional.of(new Violation(Optional.of(i), types.get(i) + " cannot be in a workflow with " + MigrateOffline.TYPE
                        + ": an offline move has a shut-off VM (no guest, no live device), only waits may go with it"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> once(List<String> types, String type) {
        String rule = "a workflow needs exactly one " + type + " step, found ";
        int first = types.indexOf(type);
        if (first < 0) return Optional.of(new Violation(Optional.empty(), rule + "none"));
        int second = types.subList(first + 1, types.size()).indexOf(type);
        return second < 0 ? Optional.empty() : Optional.of(new Violation(Optional.of(first + 1 + second), rule + "a second one"));
    }

    private static Rule earlier(String step, String other, String why) { return new Rule(step, Side.EARLIER, other, Optional.empty(), why); }

    private static Rule later(String step, String other, String why) { return new Rule(step, Side.LATER, other, Optional.empty(), why); }
}
