package io.vfmigrate.app.run;

import io.vfmigrate.guest.BondState;
import io.vfmigrate.guest.GuestNetwork;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.DomainInterface;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.LeftoverSurvey;
import io.vfmigrate.workflow.PendingCleanups;
import io.vfmigrate.workflow.RunContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lists, from the real hosts, where the VM runs, which temporary ports and VFs it has, and its bonds. */
public final class HostSurvey implements LeftoverSurvey {
    public List<String> survey(RunContext ctx) {
        List<String> out = new ArrayList<>(describe(ctx));
        out.add("resume with: vfmigrate resume " + ctx.runId() + "   or undo with: vfmigrate rollback " + ctx.runId()
                + "   or, once repaired by hand: vfmigrate close " + ctx.runId());
        return out;
    }

    /** What the hosts show of the VM, without advice. */
    public List<String> describe(RunContext ctx) {
        List<String> out = new ArrayList<>();
        for (Host host : List.of(ctx.source(), ctx.destination())) {
            Optional<String> xml;
            try {
                xml = host.hypervisor().runningDomainXml(ctx.vm());
            } catch (FailureException e) {
                out.add(host.name() + ": cannot tell whether " + ctx.vm() + " runs here: " + e.failure().message());
                continue;
            }
            if (xml.isEmpty()) continue;
            DomainDescription d = DomainDescription.parse(xml.get());
            out.add(host.name() + ": " + ctx.vm() + " is here, " + state(host, ctx.vm()));
            orphans(host, ctx.vm()).forEach(n -> out.add(host.name() + ": QEMU network backend " + n
                    + " of " + ctx.vm() + " has no device (it blocks later attaches)"));
            for (DomainInterface i : d.interfaces()) {
                if (i.alias().filter(a -> a.startsWith("ua-vfm-tmp")).isPresent()) {
                    out.add(host.name() + ": temporary port " + i.alias().get() + " (" + i.type() + ", MAC " + i.mac() + ") is still attached to " + ctx.vm());
                }
            }
            host.vfPools().values().forEach(p -> p.attachedTo(d).forEach(a ->
                    out.add(host.name() + ": VF " + a.vf().id() + " (" + a.vf().address() + ", MAC " + a.mac() + ") is attached to " + ctx.vm())));
            for (BondFacts b : ctx.bonds()) out.add(bondLine(host, ctx, b));
        }
        if (out.isEmpty()) out.add(ctx.vm() + " runs on neither " + ctx.source().name() + " nor " + ctx.destination().name());
        PendingCleanups.of(ctx.facts().snapshot()).forEach((host, what) -> out.add(PendingCleanups.line(host, what)));
        return out;
    }

    private static String state(Host host, String vm) {
        try {
            return host.hypervisor().domainState(vm).toString();
        } catch (FailureException e) {
            return "state unknown: " + e.failure().message();
        }
    }

    private static List<String> orphans(Host host, String vm) {
        try {
            return host.hypervisor().orphanNetdevs(vm);
        } catch (FailureException e) {
            return List.of("(cannot ask QEMU: " + e.failure().message() + ")");
        }
    }

    private static String bondLine(Host host, RunContext ctx, BondFacts bond) {
        try {
            BondState s = new GuestNetwork(host.agent(), ctx.vm(), java.time.Duration.ofSeconds(5)).bond(bond.name());
            return "guest " + ctx.vm() + ": bond " + bond.name() + " active slave " + s.activeSlave().map(Object::toString).orElse("none")
                    + ", slaves " + s.slaves();
        } catch (FailureException e) {
            return "guest " + ctx.vm() + ": cannot read bond " + bond.name() + ": " + e.failure().message();
        }
    }
}
