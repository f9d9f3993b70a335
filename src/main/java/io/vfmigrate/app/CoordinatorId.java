package io.vfmigrate.app;

import io.vfmigrate.ports.ProcessTable;
import java.util.Optional;

/**
 * Who holds a lease: {@code HOST:PID:START}, the host name, the process id and the process's start
 * time, so that a holder on this host whose process is gone (or whose pid was reused) is recognised.
 */
public record CoordinatorId(String host, long pid, long startTime) {
    public CoordinatorId {
        if (host.isBlank() || host.contains(":")) throw new IllegalArgumentException("a coordinator's host needs a name without ':': '" + host + "'");
    }

    /** This process on {@code host}. */
    public static CoordinatorId current(String host, ProcessTable processes) {
        long pid = ProcessHandle.current().pid();
        long start = processes.startTime(pid).orElseThrow(() -> new IllegalStateException("process " + pid + " has no start time"));
        return new CoordinatorId(host, pid, start);
    }

    /** The id of a lease holder; empty for one written in another form (it is then waited for until it expires). */
    public static Optional<CoordinatorId> parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(":");
        if (parts.length != 3 || parts[0].isBlank()) return Optional.empty();
        try {
            return Optional.of(new CoordinatorId(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override public String toString() { return host + ":" + pid + ":" + startTime; }
}
