package io.vfmigrate.adapters.process;

import io.vfmigrate.ports.ProcessTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Processes from {@code /proc/PID/stat} (Linux): field 22 is the start time, which a reused pid does not share. */
public final class ProcfsProcessTable implements ProcessTable {
    private final Path proc;

    public ProcfsProcessTable() { this(Path.of("/proc")); }

    ProcfsProcessTable(Path proc) { this.proc = proc; }

    public OptionalLong startTime(long pid) {
        if (pid <= 0) return OptionalLong.empty();
        try {
            return parseStartTime(Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            // with /proc mounted hidepid=1|2, other users' processes look absent: then absence proves nothing
            if (!Files.exists(proc.resolve("1/stat"))) throw new IllegalStateException(proc + " hides other users' processes (hidepid)", e);
            return OptionalLong.empty();
        } catch (IOException e) {
            // a process that vanished while it was read, or /proc unreadable: not known to be alive
            throw new IllegalStateException("cannot read " + proc.resolve(pid + "/stat") + ": " + e.getMessage(), e);
        }
    }

    /** The command name (field 2) is in parentheses and may hold spaces and ')': fields are counted after the last ')'. */
    static OptionalLong parseStartTime(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) return OptionalLong.empty();
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so field 22 is fields[19]
        if (fields.length < 20) return OptionalLong.empty();
        try {
            return OptionalLong.of(Long.parseLong(fields[19]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
