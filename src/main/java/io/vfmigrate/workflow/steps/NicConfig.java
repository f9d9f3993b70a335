package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestNetwork;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.VfFacts;
import java.util.List;

/**
 * The guest configuration of a VF in no bond (`naive --allow-outage`): nothing stands in for it while
 * it is away, so its global addresses are read before its detach (journaled as facts) and applied again
 * on the NIC that replaces it, brought up. Both are idempotent.
 */
final class NicConfig {
    private NicConfig() {}

    /** Before the detach: remembers the addresses of the VF's guest NIC, once. */
    static void remember(RunContext ctx, VfFacts vf) {
        if (vf.bond().isPresent() || !vf.addresses().isEmpty()) return;
        Devices.link(ctx, vf.guestIfindex()).ifPresent(link -> vf.addresses(ctx.guest().globalAddresses(link.name())));
    }

    /** After an attach: the NIC with the VF's MAC is up and has the remembered addresses. */
    static void restore(RunContext ctx, VfFacts vf) {
        if (vf.bond().isPresent()) return;
        var link = Devices.requireLink(ctx, vf.guestIfindex(), "the NIC of VF " + vf.mac());
        GuestNetwork guest = ctx.guest();
        if (!link.isUp()) guest.up(link.name());
        List<String> present = guest.globalAddresses(link.name());
        for (String cidr : vf.addresses()) if (!present.contains(cidr)) guest.addAddress(link.name(), cidr);
    }
}
