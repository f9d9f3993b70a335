package io.vfmigrate.cli;

import io.vfmigrate.config.PrivateFiles;
import io.vfmigrate.model.Printable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The working directory's {@code vfmigrate.yaml} and {@code workflows/}, read by default only when
 * every user may not write that directory (as Ansible does with {@code ansible.cfg}): in {@code /tmp}
 * anyone could have put them there, to decide which commands run as this user. Else a warning names
 * them and they are ignored.
 */
final class WorkingDirectoryDefaults {
    private final Path directory;

    WorkingDirectoryDefaults(Path directory) { this.directory = directory; }

    static WorkingDirectoryDefaults current() { return new WorkingDirectoryDefaults(Path.of("")); }

    /** {@code name} in the working directory when it exists there and may be trusted; {@code option} gives it explicitly. */
    Optional<Path> find(String name, String option, PrintWriter err) {
        Path local = directory.resolve(name);
        if (!Files.exists(local)) return Optional.empty();
        Path absolute = directory.toAbsolutePath();
        Optional<String> open = PrivateFiles.writableByEveryone(absolute);
        if (open.isEmpty()) return Optional.of(local);
        err.println(Printable.line("warning: ignoring ./" + name + ": the working directory " + absolute
                + " is writable by every user (" + open.get() + "); give " + option + " to use it"));
        err.flush();
        return Optional.empty();
    }
}
