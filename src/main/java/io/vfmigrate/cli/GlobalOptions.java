package io.vfmigrate.cli;

import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class GlobalOptions {
    @Option(names = "--inventory", paramLabel = "FILE", converter = NonEmptyValue.PathName.class, description = "Inventory file (default: $VFMIGRATE_INVENTORY, else ./vfmigrate.yaml).")
    Path inventory;

    @Option(names = "--workflows", paramLabel = "DIR", converter = NonEmptyValue.PathName.class, description = "Directory of workflow files; it must exist (default: ./workflows when it exists, else the built-in ones).")
    Path workflows;

    @Option(names = "--state", paramLabel = "DIR|URL", converter = NonEmptyValue.Text.class, description = "Where runs are journaled (default: $XDG_STATE_HOME/vfmigrate).")
    String state;

    @Option(names = {"-v", "--verbose"}, description = "Log what vfmigrate does (info level, on stderr).")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print the final outcome only (and errors).")
    public boolean quiet;

    /** Options given before the command name, where the command itself did not give them. */
    public GlobalOptions orParent(picocli.CommandLine.Model.CommandSpec spec) {
        Object parent = spec.parent() == null ? null : spec.parent().userObject();
        if (!(parent instanceof VfMigrate top) || top.global == null) return this;
        GlobalOptions merged = new GlobalOptions();
        merged.inventory = inventory != null ? inventory : top.global.inventory;
        merged.workflows = workflows != null ? workflows : top.global.workflows;
        merged.state = state != null ? state : top.global.state;
        merged.leaseTtl = leaseTtl != null ? leaseTtl : top.global.leaseTtl;
        merged.verbose = verbose || top.global.verbose;
        merged.quiet = quiet || top.global.quiet;
        return merged;
    }

    @Option(names = "--lease-ttl", paramLabel = "DURATION", description = "How long a run's leases outlive its coordinator, e.g. 30s (default 30s); renewed every third of it while the run lives.")
    String leaseTtl;

    java.time.Duration leaseTtl() {
        if (leaseTtl == null) return java.time.Duration.ofSeconds(30);
        java.time.Duration d;
        try {
            d = Durations.parse(leaseTtl);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--lease-ttl: " + e.getMessage());
        }
        if (d.toMillis() < 1000) throw new ConfigException("--lease-ttl: at least 1s, not " + leaseTtl);
        return d;
    }

    Path inventoryFile() {
        if (inventory != null) return inventory;
        String env = System.getenv("VFMIGRATE_INVENTORY");
        return Path.of(env != null && !env.isBlank() ? env : "vfmigrate.yaml");
    }

    /** {@code --workflows DIR} must be a directory (a typo is an error, not the built-in workflows); else ./workflows if any. */
    Optional<Path> workflowDirectory() {
        if (workflows != null) {
            if (Files.isDirectory(workflows)) return Optional.of(workflows);
            throw new ConfigException("--workflows " + workflows + ": "
                    + (Files.exists(workflows) ? "not a directory" : "no such directory"));
        }
        Path local = Path.of("workflows");
        return Files.isDirectory(local) ? Optional.of(local) : Optional.empty();
    }

    public Optional<String> state() { return Optional.ofNullable(state); }
}
