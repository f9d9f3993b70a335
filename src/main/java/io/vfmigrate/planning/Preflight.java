package io.vfmigrate.planning;

import io.vfmigrate.model.FailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The checks so far; a check that cannot run because an earlier one failed is reported as skipped. */
public final class Preflight {
    private final List<Check> checks = new ArrayList<>();

    public boolean passed() { return checks.stream().allMatch(Check::ok); }

    public List<Check> checks() { return List.copyOf(checks); }

    void add(Check check) { checks.add(check); }

    /** Runs {@code check} unless an earlier check failed; a thrown failure becomes a failed check. */
    boolean run(String name, Supplier<Check> check) {
        if (!passed()) {
            checks.add(Check.skipped(name, "an earlier check failed"));
            return false;
        }
        try {
            Check c = check.get();
            checks.add(c);
            return c.ok();
        } catch (FailureException e) {
            checks.add(Check.failed(name, e.failure().message()));
            return false;
        } catch (IllegalArgumentException e) {
            checks.add(Check.failed(name, e.getMessage()));
            return false;
        }
    }
}
