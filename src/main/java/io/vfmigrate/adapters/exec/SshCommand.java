package io.vfmigrate.adapters.exec;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Keepalive;
import io.vfmigrate.model.RemoteAccessFailures;
import io.vfmigrate.ports.ExecResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A host shell prefix whose program is {@code ssh} (docs/inventory.md#host-commands-over-ssh). ssh joins the
 * arguments after the destination into one line that the remote account's shell parses again, so each
 * argument is quoted for a POSIX shell and the line goes as one argument: nothing in it is re-split or
 * expanded there. ssh never prompts: {@code -o BatchMode=yes} is added when the prefix lacks it. ssh's own
 * keepalive follows the inventory's ({@code ServerAliveInterval}, {@code ServerAliveCountMax}), each unless the prefix sets it.
 */
final class SshCommand {
    static final String BATCH_MODE = "BatchMode=yes";
    /** ssh's own failures (no connection, refused key or host key) exit 255; so can the remote command. */
    static final int SSH_FAILED = 255;

    private SshCommand() {}

    static boolean isSsh(List<String> prefix) {
        return !prefix.isEmpty() && Path.of(prefix.get(0)).getFileName().toString().equals("ssh");
    }

    /**
     * The prefix with {@code -o BatchMode=yes} right after the program unless it already sets it: ssh takes the
     * first value it is given for an option, so this one also wins over a later {@code BatchMode=no}.
     */
    static List<String> batchMode(List<String> prefix) {
        if (option(prefix, "BatchMode").map(v -> v.equalsIgnoreCase("yes")).orElse(false)) return prefix;
        List<String> out = new ArrayList<>(prefix);
        out.addAll(1, List.of("-o", BATCH_MODE));
        return List.copyOf(out);
    }

    /**
     * The prefix with ssh's own keepalive set to the inventory's, each option unless the prefix sets it: a connection
     * shared through {@code ControlMaster} that a network fault left silent then ends within keepalive's detection
     * time, as the libvirt connections do, and the next command opens a new one. Without it, ssh keeps such a
     * connection, and each command sent through it waits for TCP to retransmit once the network is back: 23 s
     * measured on the lab after a 40 s black hole (docs/remote-hosts.md).
     */
    static List<String> serverAlive(List<String> prefix, Keepalive keepalive) {
        if (!keepalive.on()) return prefix;
        List<String> added = new ArrayList<>();
        if (option(prefix, "ServerAliveInterval").isEmpty()) added.addAll(List.of("-o", "ServerAliveInterval=" + keepalive.interval().toSeconds()));
        if (option(prefix, "ServerAliveCountMax").isEmpty()) added.addAll(List.of("-o", "ServerAliveCountMax=" + keepalive.count()));
        if (added.isEmpty()) return prefix;
        List<String> out = new ArrayList<>(prefix);
        out.addAll(1, added);
        return List.copyOf(out);
    }

    /** The first value the prefix gives ssh option {@code name} ({@code -o Name=V}, {@code -oName=V}, {@code -o "Name V"}). */
    static Optional<String> option(List<String> prefix, String name) {
        for (int i = 1; i < prefix.size(); i++) {
            String option = prefix.get(i).startsWith("-o") && prefix.get(i).length() > 2 ? prefix.get(i).substring(2)
                    : prefix.get(i).equals("-o") && i + 1 < prefix.size() ? prefix.get(i + 1) : null;
            if (option == null) continue;
            String[] kv = option.strip().split("\\s*=\\s*|\\s+", 2);
            if (kv[0].equalsIgnoreCase(name)) return Optional.of(kv.length > 1 ? kv[1] : "");
        }
        return Optional.empty();
    }

    /** The command as one remote shell line: each argument single-quoted, a {@code '} inside as {@code '\''}. */
    static String remoteLine(List<String> argv) {
        StringBuilder line = new StringBuilder();
        for (String argument : argv) {
            if (line.length() > 0) line.append(' ');
            line.append(quote(argument));
        }
        return line.toString();
    }

    /** Commands as one shell line that runs them in order and stops at the first failure, with its exit. */
    static String sequence(List<List<String>> commands) {
        StringBuilder line = new StringBuilder();
        for (List<String> argv : commands) {
            if (argv.isEmpty()) throw new IllegalArgumentException("an empty command in a sequence");
            if (line.length() > 0) line.append(" && ");
            line.append(remoteLine(argv));
        }
        return line.toString();
    }

    static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /** ssh's exit 255 with its own word on stderr: the host was not reached; a remote command's 255 stays a result. */
    static Optional<FailureException> unreachable(String host, ExecResult result) {
        if (result.exitCode() != SSH_FAILED) return Optional.empty();
        return RemoteAccessFailures.of(result.stderr())
                .map(found -> new FailureException(new Failure.HostUnreachable(host, "ssh", found.cause())));
    }
}
