package io.vfmigrate.cli;

import io.vfmigrate.config.ConfigException;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.workflow.WorkflowDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every workflow a name can reach: the built-in ones and each {@code *.yaml} of the workflow directory. */
final class WorkflowCatalog {
    /** The workflows shipped in the jar (workflows/*.yaml of the source tree; a test keeps the two in step). */
    static final List<String> BUILT_IN = List.of("bond-macvtap", "bond-ovs", "naive", "plain", "offline");

    /** One workflow as found: where it came from, and either its definition or why it does not load. */
    record Entry(String name, String origin, Optional<WorkflowDefinition> definition, Optional<String> problem) {}

    private final WorkflowLoader loader;
    private final Optional<Path> directory;

    WorkflowCatalog(WorkflowLoader loader, Optional<Path> directory) {
        this.loader = loader;
        this.directory = directory;
    }

    List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        List<String> inDirectory = new ArrayList<>();
        directory.ifPresent(dir -> {
            for (Path file : yamlFiles(dir)) {
                String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
                inDirectory.add(name);
                entries.add(load(name, file.toString(), file.toString()));
            }
        });
        for (String name : BUILT_IN) {
            if (!inDirectory.contains(name)) entries.add(load(name, name, "built in"));
        }
        return entries;
    }

    private Entry load(String name, String reference, String origin) {
        try {
            WorkflowDefinition definition = loader.load(reference);
            return new Entry(name, origin, Optional.of(definition), Optional.empty());
        } catch (ConfigException | IllegalArgumentException e) {
            return new Entry(name, origin, Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    private static List<Path> yamlFiles(Path dir) {
        if (!Files.isDirectory(dir)) throw new ConfigException("--workflows " + dir + ": not a directory");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("--workflows " + dir + ": cannot list: " + e.getMessage(), e);
        }
    }
}
