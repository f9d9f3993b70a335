package io.vfmigrate.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a run did to the VM's copies on its own ({@link VmCopies#settle}: a paused copy resumed, a stale
 * one destroyed): journaled as facts ("copies-settled.N" = what) and shown in the run's report as
 * warnings, since a stale copy that ran beside the VM is the operator's to look into even when the run
 * ended well.
 */
public final class SettledCopies {
    public static final String PREFIX = "copies-settled.";

    private SettledCopies() {}

    /** Settles the copies and records what that did, each action as it succeeds (the next may fail); returns what it did. */
    public static List<String> settle(RunContext ctx, VmCopies copies, boolean undefineSource) {
        List<String> done = new ArrayList<>();
        copies.settle(undefineSource, d -> {
            done.add(d);
            record(ctx, d);
        });
        return done;
    }

    /** Records {@code done} after what the run recorded before. */
    private static void record(RunContext ctx, String done) {
        int next = 0;
        while (ctx.facts().recorded(PREFIX + next)) next++;
        ctx.facts().put(PREFIX + next, done);
    }

    /** What was recorded, in order, from a run's facts. */
    public static List<String> of(Map<String, String> facts) {
        List<String> out = new ArrayList<>();
        for (int i = 0; facts.containsKey(PREFIX + i); i++) out.add(facts.get(PREFIX + i));
        return out;
    }
}
