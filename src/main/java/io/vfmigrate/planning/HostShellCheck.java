package io.vfmigrate.planning;

import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.Host;
import java.time.Duration;
import java.util.List;

/**
 * Preflight's {@code host-shells}: a command that does nothing ({@code true}) through each host's shell, so
 * that a host that ssh cannot reach (a host key that does not match, a refused key: {@code HostUnreachable},
 * one line naming the host and the cause) refuses the run before any change, whatever the workflow asks of
 * the shell later.
 */
final class HostShellCheck {
    static final String NAME = "host-shells";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private HostShellCheck() {}

    static Check run(Host source, Host destination) {
        for (Host host : List.of(source, destination)) {
            ExecResult r = host.shell().run(List.of("true"), TIMEOUT);
            if (!r.ok()) {
                return Check.failed(NAME, "`true` exited " + r.exitCode() + " through the shell of " + host.name()
                        + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip()));
            }
        }
        return Check.ok(NAME, "host commands run on " + source.name() + " and " + destination.name());
    }
}
