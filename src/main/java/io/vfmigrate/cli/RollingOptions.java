package io.vfmigrate.cli;

import io.vfmigrate.app.RollingRequest;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.model.ExecLine;
import io.vfmigrate.model.Printable;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of a rolling maintenance, the same for `rolling` now and `schedule add --rolling` later (beside the
 * evacuate options, {@link EvacuationOptions}), and their checks: each refusal is exit 2, one line naming the option.
 */
public final class RollingOptions {
    @Spec(Spec.Target.MIXEE) CommandSpec command;

    @Option(names = "--hosts", split = ",", paramLabel = "H1,H2,...", description = "The hosts, in this order (or --all).")
    List<String> hosts;

    @Option(names = "--all", description = "Every inventory host, by name.")
    boolean all;

    @Option(names = "--hook", paramLabel = "'CMD ARG...'", description = "Run on each host once it is empty (e.g. an upgrade and reboot); required.")
    String hook;

    @Option(names = "--hook-timeout", defaultValue = "30m", paramLabel = "DURATION", description = "How long the hook may run (default 30m, 1s..1d).")
    @Bounds(min = "1s", max = "1d")
    Duration hookTimeout;

    @Option(names = "--hook-idempotent", description = "The hook may run twice: run it again on a resume when its coordinator died while it ran.")
    boolean hookIdempotent;

    @Option(names = "--health", paramLabel = "'CMD ARG...'", description = "Run on the host after the hook until it exits 0 (part of the health gate).")
    String health;

    @Option(names = "--health-timeout", defaultValue = "15m", paramLabel = "DURATION", description = "How long the health gate may take (default 15m, 1s..1d).")
    @Bounds(min = "1s", max = "1d")
    Duration healthTimeout;

    @Option(names = "--max-failed-hosts", defaultValue = "0", paramLabel = "N",
            description = "Hosts that may fail before the rolling stops (default 0: stop at the first).")
    @Bounds(min = "0", max = "100000")
    int maxFailedHosts;

    /** Whether the hosts are every inventory host (read again when a scheduled rolling starts). */
    public boolean all() { return all; }

    /** What needs no inventory: the hook given, one of --hosts and --all, the hook and health as argument vectors, no host twice. */
    public void check() {
        if (hook == null) {
            OptionSpec option = command.findOption("--hook");
            throw new MissingParameterException(command.commandLine(), option, "Missing required option: '--hook=" + option.paramLabel() + "'");
        }
        if (all == (hosts != null)) throw new ConfigException(all ? "--hosts and --all together: give one; nothing was changed"
                : "give the hosts: --hosts H1,H2,... or --all; nothing was changed");
        argv("--hook", hook);
        if (health != null) argv("--health", health);
        Set<String> seen = new HashSet<>();
        for (String h : hosts == null ? List.<String>of() : hosts) {
            if (!seen.add(h)) throw new ConfigException("--hosts: host " + Printable.quote(h) + " is given twice; nothing was changed");
        }
    }

    /** The request over {@code inventory}'s hosts (--all: every one, by name), each known to it; after {@link #check}. */
    public RollingRequest request(Inventory inventory, EvacuationOptions evacuation) {
        List<String> order = all ? inventory.hosts().keySet().stream().sorted().toList() : hosts;
        if (order.isEmpty()) throw new ConfigException("--all: the inventory has no host; nothing was changed");
        for (String h : order) inventory.host(h);
        return new RollingRequest(order, hook, hookTimeout, Optional.ofNullable(health), healthTimeout, evacuation.request(order.get(0)),
                maxFailedHosts, hookIdempotent);
    }

    /** The first of these options given on the command line ("--hook"), if any: for a command where they do not belong. */
    public Optional<String> firstGiven() {
        return command.commandLine().getParseResult().matchedOptions().stream()
                .filter(o -> o.userObject() instanceof Field f && f.getDeclaringClass() == RollingOptions.class)
                .map(OptionSpec::longestName).findFirst();
    }

    private static void argv(String option, String line) {
        try {
            ExecLine.split(line);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + " " + Printable.quote(line) + ": " + e.getMessage() + "; nothing was changed");
        }
    }
}
