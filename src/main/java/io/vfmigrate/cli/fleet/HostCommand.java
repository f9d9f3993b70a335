package io.vfmigrate.cli.fleet;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.Services;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.ports.HostFlags;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "host", mixinStandardHelpOptions = true,
        description = {"Disables a host (no placement, of this or another coordinator sharing the state store, picks it)",
                "or enables it again. Only the state store changes; doing it twice is harmless."})
public final class HostCommand implements Callable<Integer> {
    enum Action { enable, disable }

    private final Wiring wiring;

    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "enable|disable", description = "What to do.")
    Action action;

    @Parameters(index = "1", paramLabel = "HOST", description = "An inventory host.")
    String host;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "disabled by the operator", description = "Why (shown by `hosts`).")
    String reason;

    public HostCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Services services = ServicesFactory.open(wiring, global.orParent(spec), spec.commandLine().getErr());
        services.inventory().host(host);
        HostFlags flags = services.hostFlags();
        HostFlags.Disabled before = flags.disabled().get(host);
        if (action == Action.disable) {
            flags.disable(host, reason, services.coordinator());
            out.println(before == null ? host + " disabled: no placement picks it"
                    : host + " was already disabled (" + before.reason() + ", by " + before.by() + " since " + before.since() + ")");
        } else {
            flags.enable(host);
            out.println(before == null ? host + " was not disabled" : host + " enabled: placements may pick it again");
        }
        out.flush();
        return ExitCode.DONE;
    }
}
