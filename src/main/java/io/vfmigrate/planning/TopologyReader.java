package io.vfmigrate.planning;

import io.vfmigrate.guest.BondState;
import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.guest.GuestNetwork;
import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.VfPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads, without changing anything, which VFs the VM has and where they sit in the guest. */
final class TopologyReader {
    private TopologyReader() {}

    static VmTopology read(Host source, DomainDescription domain, GuestNetwork guest) {
        List<AttachedVf> attached = new ArrayList<>();
        for (VfPool pool : source.vfPools().values()) attached.addAll(pool.attachedTo(domain));
        List<GuestLink> links = attached.isEmpty() ? List.of() : guest.links();
        Map<AttachedVf, GuestLink> paired = pair(attached, links, guest);
        Map<GuestInterfaceName, BondState> bonds = new HashMap<>();
        List<VmTopology.Member> members = new ArrayList<>();
        for (AttachedVf vf : attached) {
            Optional<GuestLink> link = Optional.ofNullable(paired.get(vf));
            Optional<BondState> bond = link.flatMap(GuestLink::master).map(m -> bonds.computeIfAbsent(m, guest::bond));
            var settings = source.pool(vf.vf().network()).settingsOf(vf);
            List<GuestLink> uppers = links.stream().filter(l -> l.isUpperDeviceWithMac(vf.mac())).toList();
            members.add(new VmTopology.Member(vf, settings, link, bond, uppers));
        }
        return new VmTopology(domain, members);
    }

    /**
     * Each VF with the guest NIC that is its device. A VF whose MAC no other VF has is the NIC with that MAC. VFs that
     * share a MAC (two VFs of one bond) are told apart by where the guest sees their PCI device, as libvirt placed it;
     * the pool's order says nothing about the guest's, and pairing by it can make the backup VF pass for the active one.
     * Where that cannot be told (no address in the domain XML, a guest that hides it), the first NIC with the MAC.
     */
    private static Map<AttachedVf, GuestLink> pair(List<AttachedVf> attached, List<GuestLink> links, GuestNetwork guest) {
        Map<Mac, Long> perMac = attached.stream().collect(Collectors.groupingBy(AttachedVf::mac, Collectors.counting()));
        List<GuestLink> twins = links.stream().filter(l -> attached.stream().anyMatch(a -> perMac.get(a.mac()) > 1 && l.isNicWithMac(a.mac())))
                .toList();
        Map<GuestInterfaceName, String> slots = twins.isEmpty() ? Map.of() : guest.pciSlots(twins.stream().map(GuestLink::name).toList());
        Map<AttachedVf, GuestLink> paired = new HashMap<>();
        Set<Integer> taken = new HashSet<>();
        for (AttachedVf vf : attached) {
            if (perMac.get(vf.mac()) < 2 || vf.iface().guestPciAddress().isEmpty()) continue;
            String address = vf.iface().guestPciAddress().get();
            twins.stream().filter(l -> l.isNicWithMac(vf.mac()) && !taken.contains(l.ifindex()) && address.equalsIgnoreCase(slots.get(l.name())))
                    .findFirst().ifPresent(l -> {
                        taken.add(l.ifindex());
                        paired.put(vf, l);
                    });
        }
        for (AttachedVf vf : attached) {
            if (paired.containsKey(vf)) continue;
            links.stream().filter(l -> l.isNicWithMac(vf.mac()) && !taken.contains(l.ifindex())).findFirst().ifPresent(l -> {
                taken.add(l.ifindex());
                paired.put(vf, l);
            });
        }
        return paired;
    }
}
