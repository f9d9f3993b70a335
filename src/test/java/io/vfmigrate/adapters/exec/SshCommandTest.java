package io.vfmigrate.adapters.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Keepalive;
import io.vfmigrate.ports.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host commands over ssh: one quoted remote line, batch mode, and ssh's own failures as one line each. */
class SshCommandTest {
    /** One argument of each character class a remote shell would act on, by name. */
    static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("space", "a b"), Map.entry("tab", "a\tb"), Map.entry("newline", "a\nb"),
            Map.entry("single quote", "it's"), Map.entry("single quotes only", "''"), Map.entry("double quote", "say \"x\""),
            Map.entry("dollar", "$HOME ${HOME} $(id) $1 $$"), Map.entry("backtick", "`id`"), Map.entry("backslash", "a\\b\\"),
            Map.entry("semicolon", "a; rm -rf /tmp/x"), Map.entry("pipe", "a | cat"), Map.entry("ampersand", "a & b && c"),
            Map.entry("star", "*"), Map.entry("question mark", "?"), Map.entry("tilde", "~ ~root"), Map.entry("hash", "# not a comment"),
            Map.entry("empty", ""), Map.entry("non-ASCII", "grüße-ünïcødé-日本"), Map.entry("redirection", "> /tmp/x < /etc/passwd"),
            Map.entry("glob brackets", "[a-z]{1,2}"), Map.entry("leading dash", "-n"), Map.entry("equals", "A=1"));

    @TempDir Path dir;

    @Test
    void eachArgumentIsSingleQuotedAndAQuoteBecomesQuoteBackslashQuoteQuote() {
        Map.of("a b", "'a b'", "", "''", "it's", "'it'\\''s'", "$HOME", "'$HOME'")
                .forEach((argument, quoted) -> assertEquals(quoted, SshCommand.quote(argument)));
        assertEquals("'ip' 'link' 'set' 'evf0' 'address' '52:54:00:aa:bb:01'",
                SshCommand.remoteLine(List.of("ip", "link", "set", "evf0", "address", "52:54:00:aa:bb:01")));
        for (var e : CLASSES.entrySet()) {
            String quoted = SshCommand.quote(e.getValue());
            assertTrue(quoted.startsWith("'") && quoted.endsWith("'"), e.getKey() + ": " + quoted);
            // outside single quotes there is nothing but the escaped quote itself
            assertEquals("", quoted.replace("'\\''", "").replaceAll("'[^']*'", ""), e.getKey() + ": " + quoted);
        }
    }

    @Test
    void aRealPosixShellGetsEveryArgumentBackUnchanged() throws Exception {
        List<String> args = arguments();
        for (String shell : shells()) {
            String line = SshCommand.remoteLine(concat(List.of("printf", "%s\\0"), args));
            Process p = new ProcessBuilder(shell, "-c", line).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertEquals(0, p.waitFor(), shell + ": " + new String(out, StandardCharsets.UTF_8));
            assertEquals(args, split(out), shell + " -c " + line);
        }
    }

    @Test
    void throughAnSshPrefixTheCommandIsOneArgumentAndArrivesUnchanged() throws Exception {
        Path ssh = fakeSsh();
        CommonsExecHostShell shell = new CommonsExecHostShell("host-a", List.of(ssh.toString(), "-i", "/nonexistent/key", "root@host-a"));
        List<String> args = arguments();
        ExecResult result = shell.run(concat(List.of("printf", "%s\\0"), args), Duration.ofSeconds(10));
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(args, split(result.stdout().getBytes(StandardCharsets.UTF_8)));
        List<String> sshArgs = split(Files.readAllBytes(dir.resolve("ssh-argv")));
        assertEquals(List.of("-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3", "-o", "BatchMode=yes", "-i", "/nonexistent/key", "root@host-a"),
                sshArgs.subList(0, 9), "ssh's keepalive is the inventory's default (5 s x 3)");
        assertEquals(10, sshArgs.size(), "the command is one argument after the destination: " + sshArgs);
    }

    @Test
    void batchModeIsAddedFirstUnlessThePrefixSetsIt() {
        assertEquals(List.of("ssh", "-o", "BatchMode=yes", "root@h"), SshCommand.batchMode(List.of("ssh", "root@h")));
        assertEquals(List.of("/usr/bin/ssh", "-o", "BatchMode=yes", "-o", "BatchMode=no", "root@h"),
                SshCommand.batchMode(List.of("/usr/bin/ssh", "-o", "BatchMode=no", "root@h")), "ssh takes the first value given");
        for (List<String> set : List.of(List.of("ssh", "-o", "BatchMode=yes", "root@h"), List.of("ssh", "-oBatchMode=yes", "root@h"),
                List.of("ssh", "-o", "batchmode yes", "root@h"), List.of("ssh", "-p", "2222", "-o", "BatchMode=Yes", "root@h"))) {
            assertEquals(set, SshCommand.batchMode(set));
        }
    }

    @Test
    void sshsKeepaliveFollowsTheInventorysUnlessThePrefixSetsIt() {
        Keepalive short2x2 = new Keepalive(Duration.ofSeconds(2), 2);
        assertEquals(List.of("ssh", "-o", "ServerAliveInterval=2", "-o", "ServerAliveCountMax=2", "root@h"),
                SshCommand.serverAlive(List.of("ssh", "root@h"), short2x2));
        for (List<String> set : List.of(List.of("ssh", "-o", "ServerAliveInterval=30", "-oserveralivecountmax=1", "root@h"),
                List.of("ssh", "-o", "ServerAliveInterval 0", "-o", "ServerAliveCountMax\t4", "root@h"))) {
            assertEquals(set, SshCommand.serverAlive(set, short2x2), "the prefix's own choice stays: " + set);
        }
        assertEquals(List.of("ssh", "-o", "ServerAliveInterval=2", "-oServerAliveCountMax=9", "root@h"),
                SshCommand.serverAlive(List.of("ssh", "-oServerAliveCountMax=9", "root@h"), short2x2), "only what the prefix lacks is added");
        assertEquals(List.of("ssh", "-o", "ServerAliveCountMax=2", "-o", "ServerAliveInterval = 7", "root@h"),
                SshCommand.serverAlive(List.of("ssh", "-o", "ServerAliveInterval = 7", "root@h"), short2x2));
        assertEquals(List.of("ssh", "root@h"), SshCommand.serverAlive(List.of("ssh", "root@h"), Keepalive.OFF), "keepalive off: ssh's own default");
        assertEquals(List.of("env", "A=1", "echo", "x"), new CommonsExecHostShell("h", List.of("env", "A=1"), short2x2).fullCommand(List.of("echo", "x")),
                "not ssh: nothing added");
        assertEquals(List.of("ssh", "-o", "ServerAliveInterval=2", "-o", "ServerAliveCountMax=2", "-o", "BatchMode=yes", "root@h", "sh"),
                new CommonsExecHostShell("h", List.of("ssh", "root@h"), short2x2).sessionArgv(), "the session's ssh, its commands sent to sh");
    }

    @Test
    void onlyAProgramNamedSshIsTreatedAsSsh() {
        assertTrue(SshCommand.isSsh(List.of("ssh", "root@h")));
        assertTrue(SshCommand.isSsh(List.of("/usr/bin/ssh", "root@h")));
        assertFalse(SshCommand.isSsh(List.of("/work/lab", "exec", "host-a", "--")));
        assertFalse(SshCommand.isSsh(List.of("sshpass", "ssh")));
        assertFalse(SshCommand.isSsh(List.of()));
        CommonsExecHostShell lab = new CommonsExecHostShell("h", List.of("env", "A=1"));
        assertEquals(List.of("env", "A=1", "echo", "a b"), lab.fullCommand(List.of("echo", "a b")), "no quoting without ssh");
    }

    @Test
    void sshsOwnFailuresAreOneLineNamingTheHostAndTheCause() {
        Map<String, String> stderrToCause = Map.of(
                "Host key verification failed.\r\n", "host key verification failed: its key is not in known_hosts",
                """
                @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
                @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
                @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
                IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
                Someone could be eavesdropping on you right now (man-in-the-middle attack)!
                Host key for host-b has changed and you have requested strict checking.
                Host key verification failed.
                """, "its host key does not match the pinned known_hosts entry (REMOTE HOST IDENTIFICATION HAS CHANGED)",
                "root@host-b: Permission denied (publickey).\r\n", "the key was refused (Permission denied (publickey))",
                "ssh: connect to host host-b port 22: Connection refused\r\n",
                "connection refused, nothing listens there (sshd or libvirtd stopped?): ssh: connect to host host-b port 22: Connection refused",
                "ssh: Could not resolve hostname host-b: Name or service not known\r\n",
                "its name does not resolve: ssh: Could not resolve hostname host-b: Name or service not known",
                "ssh: connect to host host-b port 22: Connection timed out\r\n",
                "the connection timed out (a firewall, or the host is down): ssh: connect to host host-b port 22: Connection timed out");
        stderrToCause.forEach((stderr, cause) -> {
            FailureException e = SshCommand.unreachable("host-b", new ExecResult(255, "", stderr)).orElseThrow(() -> new AssertionError(stderr));
            Failure.HostUnreachable u = assertInstanceOf(Failure.HostUnreachable.class, e.failure());
            assertEquals("host-b", u.host());
            assertEquals("ssh", u.via());
            assertTrue(u.message().startsWith("host host-b is unreachable over ssh: " + cause), u.message());
            assertFalse(u.message().contains("\n") || u.message().contains("\r"), u.message());
        });
    }

    @Test
    void aRemoteCommandsOwnExit255OrAnotherExitStaysAResult() {
        assertTrue(SshCommand.unreachable("h", new ExecResult(255, "", "ip: RTNETLINK answers: File exists\n")).isEmpty());
        assertTrue(SshCommand.unreachable("h", new ExecResult(1, "", "Connection refused\n")).isEmpty());
    }

    @Test
    void anSshPrefixThatCannotReachTheHostThrowsHostUnreachable() throws Exception {
        Path ssh = script("ssh", "#!/bin/sh\necho 'root@host-b: Permission denied (publickey).' >&2\nexit 255\n");
        CommonsExecHostShell shell = new CommonsExecHostShell("host-b", List.of(ssh.toString(), "root@host-b"));
        FailureException e = assertThrows(FailureException.class, () -> shell.run(List.of("true"), Duration.ofSeconds(10)));
        assertEquals("host host-b is unreachable over ssh: the key was refused (Permission denied (publickey)): "
                + "the coordinator's key is not in the account's authorized_keys", e.failure().message());
    }

    /** Stands in for ssh: writes its arguments, drops options and the destination, runs the rest as sshd does ($SHELL -c). */
    private Path fakeSsh() throws IOException {
        return script("ssh", "#!/bin/sh\nprintf '%s\\0' \"$@\" > '" + dir.resolve("ssh-argv") + "'\n"
                + "while [ $# -gt 0 ]; do case \"$1\" in -o|-i|-p) shift 2;; -*) shift;; *) shift; break;; esac; done\n"
                + "exec /bin/sh -c \"$*\"\n");
    }

    private Path script(String name, String text) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path file = bin.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /** Every class; non-ASCII only where the JVM passes arguments as UTF-8 (its locale's encoding). */
    private static List<String> arguments() {
        List<String> args = new ArrayList<>(CLASSES.values());
        if (!Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).equals(StandardCharsets.UTF_8)) {
            args.remove(CLASSES.get("non-ASCII"));
        }
        args.add(String.join("", CLASSES.values())); // all of them in one argument
        return args;
    }

    private static List<String> shells() {
        List<String> shells = new ArrayList<>(List.of("/bin/sh"));
        if (Files.isExecutable(Path.of("/bin/bash"))) shells.add("/bin/bash");
        return shells;
    }

    private static List<String> split(byte[] nulTerminated) {
        List<String> out = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        for (byte b : nulTerminated) {
            if (b == 0) {
                out.add(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else {
                current.write(b);
            }
        }
        assertEquals(0, current.size(), "output ends with NUL: " + Arrays.toString(nulTerminated));
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
