package io.vfmigrate.app.run;

import io.vfmigrate.app.Services;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.DomainInterface;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.VfFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Nothing left behind", checked after a run that ended (done or compensated): no temporary port on
 * either host, the VM on one host only with no more VFs than it had (attached where it runs, named by its
 * definition where it is shut off: a definition holds the VFs it names), and no VF still reserved by the
 * run. The result is journaled with the run for its report: {@code left.checked} and each leftover, with the facts
 * that changed since the last step.
 */
final class LeftBehind {
    static final String PREFIX = "left.";

    private LeftBehind() {}

    static List<String> check(Services s, RunContext ctx) {
        List<String> left = new ArrayList<>();
        int running = 0;
        for (Host host : List.of(ctx.source(), ctx.destination())) {
            Optional<String> xml;
            try {
                xml = host.hypervisor().runningDomainXml(ctx.vm());
                if (xml.isEmpty()) definitionProblem(ctx, host).ifPresent(left::add);
            } catch (FailureException e) {
                left.add(host.name() + ": not checked: " + e.failure().message());
                continue;
            }
            if (xml.isEmpty()) continue;
            running++;
            DomainDescription d = DomainDescription.parse(xml.get());
            for (DomainInterface i : d.interfaces()) {
                if (i.alias().filter(a -> a.startsWith("ua-vfm-tmp")).isPresent()) {
                    left.add(host.name() + ": temporary port " + i.alias().get() + " (MAC " + i.mac() + ") attached to " + ctx.vm());
                }
            }
            long vfs = host.vfPools().values().stream().mapToLong(p -> p.attachedTo(d).size()).sum();
            if (vfs > ctx.vfs().size()) left.add(host.name() + ": " + vfs + " VFs attached to " + ctx.vm() + ", it had " + ctx.vfs().size());
        }
        if (running > 1) left.add(ctx.vm() + " runs on both " + ctx.source().name() + " and " + ctx.destination().name());
        for (VfFacts vf : ctx.vfs()) {
            List<Vf> candidates = new ArrayList<>(List.of(vf.sourceVf()));
            vf.destinationVf().ifPresent(candidates::add);
            for (Vf v : candidates) {
                s.leases().holder(v.leaseKey()).filter(h -> h.runId().equals(ctx.runId()))
                        .ifPresent(h -> left.add("VF " + v.id() + " on " + v.host() + " still reserved by run " + ctx.runId()));
            }
        }
        return left;
    }

    /**
     * The VM shut off (or absent) on {@code host}: its persistent definition there holds every VF it names (they are
     * not free while it is defined), so one naming more VFs than the VM had holds an extra one.
     */
    private static Optional<String> definitionProblem(RunContext ctx, Host host) {
        Optional<String> definition = host.hypervisor().definedDomainXml(ctx.vm());
        if (definition.isEmpty()) return Optional.empty();
        DomainDescription d = DomainDescription.parse(definition.get());
        long vfs = host.vfPools().values().stream().mapToLong(p -> p.attachedTo(d).size()).sum();
        return vfs > ctx.vfs().size() ? Optional.of(host.name() + ": the definition of " + ctx.vm() + " names " + vfs
                + " VFs (held while it is defined), it had " + ctx.vfs().size()) : Optional.empty();
    }

    /** Checks and journals the result with the run; a failure to check is said, never thrown. */
    static void journal(Services s, RunContext ctx) {
        // what changed after the last step (the end-state check settling the VM's copies) is journaled with this entry
        Map<String, String> facts = new LinkedHashMap<>(ctx.facts().drainChanges());
        try {
            List<String> left = check(s, ctx);
            facts.put(PREFIX + "checked", "yes");
            for (int i = 0; i < left.size(); i++) facts.put(PREFIX + i, left.get(i));
        } catch (RuntimeException e) {
            facts.put(PREFIX + "checked", "no: " + e.getMessage());
        }
        s.journal().append(ctx.runId(), new JournalEntry(s.clock().instant(), JournalEntry.Kind.STATE, -1, "", "left behind", facts));
    }
}
