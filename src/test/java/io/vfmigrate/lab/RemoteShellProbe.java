package io.vfmigrate.lab;

import io.vfmigrate.adapters.exec.CommonsExecHostShell;
import io.vfmigrate.ports.ExecResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs {@code printf '%s\n' ARG...} on a host through vfmigrate's own host shell adapter with an ssh prefix, and prints
 * what came back: run in the management namespace by LabRemoteTest, it shows each argument arriving through a real
 * sshd and the remote shell as it was given. Usage: {@code RemoteShellProbe HOST PREFIX_WORDS... -- ARG...}.
 */
public final class RemoteShellProbe {
    private RemoteShellProbe() {}

    public static void main(String[] args) {
        int sep = Arrays.asList(args).indexOf("--");
        List<String> prefix = List.of(args).subList(1, sep);
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\n"));
        argv.addAll(List.of(args).subList(sep + 1, args.length));
        ExecResult r = new CommonsExecHostShell(args[0], prefix).run(argv, Duration.ofSeconds(30));
        System.out.print(r.stdout());
        System.err.print(r.stderr());
        System.exit(r.exitCode());
    }
}
