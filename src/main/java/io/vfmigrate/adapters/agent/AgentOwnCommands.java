package io.vfmigrate.adapters.agent;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.GuestAgent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the agent does itself, without starting a guest process (a few ms where a guest command takes 60-100 ms
 * under TCG): reading and writing files (guest-file-open, -read, -write, -flush, -close) and listing the
 * interfaces (guest-network-get-interfaces). Each is used only if the guest's policy enables it, as guest-info
 * said the first time this VM was asked.
 */
final class AgentOwnCommands {
    private static final Set<String> READ_COMMANDS = Set.of("guest-file-open", "guest-file-read", "guest-file-close");
    private static final Set<String> WRITE_COMMANDS = Set.of("guest-file-open", "guest-file-write", "guest-file-flush", "guest-file-close");
    private static final String INTERFACES = "guest-network-get-interfaces";
    private static final int MAX_INTERFACES = 4096;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AgentOwnCommands.class);

    private final AgentCall call;
    private final Function<String, Set<String>> enabledCommands;
    private final Map<String, Set<String>> enabled = new ConcurrentHashMap<>();

    AgentOwnCommands(AgentCall call, Function<String, Set<String>> enabledCommands) {
        this.call = call;
        this.enabledCommands = enabledCommands;
    }

    Optional<Map<String, String>> files(String vm, List<String> paths, int timeoutSeconds) {
        if (!enabled(vm).containsAll(READ_COMMANDS)) return Optional.empty();
        long start = System.nanoTime();
        Map<String, String> contents = new LinkedHashMap<>();
        for (String path : paths) read(vm, path, timeoutSeconds).ifPresent(text -> contents.put(path, text));
        LOG.debug("guest files {} of {} read in {} ms", paths, vm, (System.nanoTime() - start) / 1_000_000);
        return Optional.of(contents);
    }

    Optional<List<String>> interfaces(String vm, int timeoutSeconds) {
        if (!enabled(vm).contains(INTERFACES)) return Optional.empty();
        return Optional.of(AgentMessages.interfaceEntries(vm, call.send(vm, AgentMessages.interfaces(), timeoutSeconds, Optional.empty()),
                MAX_INTERFACES));
    }

    /**
     * Writes {@code value} to the file as one write(2), flushed before the file is closed: a value the kernel
     * refuses (a sysfs attribute) fails the flush, a failed guest command naming the file and the value.
     */
    boolean write(String vm, String path, String value, int timeoutSeconds) {
        if (!enabled(vm).containsAll(WRITE_COMMANDS)) return false;
        long start = System.nanoTime();
        Optional<String> what = Optional.of("write " + value + " to " + path);
        long handle = AgentMessages.handle(vm, call.send(vm, AgentMessages.fileOpen(path, "w"), timeoutSeconds, what));
        withHandle(vm, handle, path, timeoutSeconds, () -> {
            call.send(vm, AgentMessages.fileWrite(handle, value), timeoutSeconds, what);
            call.send(vm, AgentMessages.fileFlush(handle), timeoutSeconds, what);
            return null;
        });
        LOG.debug("guest file {} of {} written ({}) in {} ms", path, vm, value, (System.nanoTime() - start) / 1_000_000);
        return true;
    }

    /** The file's content; empty if the guest cannot open it (no such file). */
    private Optional<String> read(String vm, String path, int timeoutSeconds) {
        String what = "read " + path;
        long handle;
        try {
            handle = AgentMessages.handle(vm, call.send(vm, AgentMessages.fileOpen(path, "r"), timeoutSeconds, Optional.of(what)));
        } catch (FailureException e) {
            if (e.failure() instanceof Failure.GuestCommandFailed) return Optional.empty();
            throw e;
        }
        return Optional.of(withHandle(vm, handle, path, timeoutSeconds, () -> {
            AgentMessages.FileChunk chunk = AgentMessages.fileChunk(vm,
                    call.send(vm, AgentMessages.fileRead(handle, GuestAgent.FILE_LIMIT_BYTES), timeoutSeconds, Optional.of(what)),
                    GuestAgent.FILE_LIMIT_BYTES);
            if (!chunk.eof()) throw new FailureException(new Failure.GuestOutputTruncated(vm, what, GuestAgent.FILE_LIMIT_BYTES));
            return chunk.text();
        }));
    }

    /** Runs {@code use} on an open file, then closes it; a failed close is suppressed into the failure of {@code use}. */
    private <T> T withHandle(String vm, long handle, String path, int timeoutSeconds, Supplier<T> use) {
        FailureException failed = null;
        try {
            return use.get();
        } catch (FailureException e) {
            failed = e;
            throw e;
        } finally {
            try {
                call.send(vm, AgentMessages.fileClose(handle), timeoutSeconds, Optional.of("close " + path));
            } catch (FailureException e) {
                if (failed == null) throw e;
                failed.addSuppressed(e);
            }
        }
    }

    private Set<String> enabled(String vm) {
        return enabled.computeIfAbsent(vm, enabledCommands);
    }
}
