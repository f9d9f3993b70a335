package io.vfmigrate.cli;

import io.vfmigrate.config.ConfigException;
import io.vfmigrate.config.PrivateFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class GlobalOptions {
    @Option(names = "--inventory", paramLabel = "FILE", converter = NonEmptyValue.PathName.class, description = "Inventory file (default: $VFMIGRATE_INVENTORY, else ./vfmigrate.yaml unless every user may write the working directory).")
    Path inventory;

    @Option(names = "--workflows", paramLabel = "DIR", converter = NonEmptyValue.PathName.class, description = "Directory of workflow files; it must exist (default: ./workflows when it exists, unless every user may write the working directory; else the built-in ones).")
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

    @Option(names = "--lease-ttl", paramLabel = "DURATION", description = "How long a run's leases outlive its coordinator, e.g. 30s (default 30s, 1s..1h); renewed every third of it while the run lives.")
    @Bounds(min = "1s", max = "1h")
    Duration leaseTtl;

    Duration leaseTtl() { return leaseTtl == null ? Duration.ofSeconds(30) : leaseTtl; }

    /** The inventory to read; ./vfmigrate.yaml in a working directory that every user may write is ignored with a warning on {@code err}. */
    Path inventoryFile(PrintWriter err) {
        if (inventory != null) return inventory;
        String env = System.getenv("VFMIGRATE_INVENTORY");
        if (env != null && !env.isBlank()) return Path.of(env);
        Path local = Path.of("vfmigrate.yaml");
        if (!Files.exists(local)) return local; // read, and refused as missing, with its name
        return WorkingDirectoryDefaults.current().find(local.toString(), "--inventory FILE (or VFMIGRATE_INVENTORY)", err)
                .orElseThrow(() -> new ConfigException("no inventory to read: give --inventory FILE (or VFMIGRATE_INVENTORY)"));
    }

    /**
     * {@code --workflows DIR} must be a directory (a typo is an error, not the built-in workflows) that only its owner may
     * write (it decides which workflow a name means); else ./workflows if any, unless every user may write the working directory.
     */
    Optional<Path> workflowDirectory(PrintWriter err) {
        if (workflows != null) {
            if (!Files.isDirectory(workflows)) {
                throw new ConfigException("--workflows " + workflows + ": "
                        + (Files.exists(workflows) ? "not a directory" : "no such directory"));
            }
            PrivateFiles.writableByOthers(workflows).ifPresent(w -> {
                throw new ConfigException("--workflows " + workflows + ": " + w + "; refused, since it decides which commands run as"
                        + " this user: chmod go-w " + workflows);
            });
            return Optional.of(workflows);
        }
        Optional<Path> local = WorkingDirectoryDefaults.current().find("workflows", "--workflows DIR", err);
        return local.filter(Files::isDirectory);
    }

    public Optional<String> state() { return Optional.ofNullable(state); }
}
