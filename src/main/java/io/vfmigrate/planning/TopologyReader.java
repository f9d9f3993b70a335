package io.vfmigrate.planning;

import io.vfmigrate.guest.BondState;
import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.guest.GuestNetwork;
import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.VfPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads, without changing anything, which VFs the VM has and where they sit in the guest. */
final class TopologyReader {
    private TopologyReader() {}

    static VmTopology read(Host source, DomainDescription domain, GuestNetwork guest) {
        List<AttachedVf> attached = new ArrayList<>();
        for (VfPool pool : source.vfPools().values()) attached.addAll(pool.attachedTo(domain));
        List<GuestLink> links = attached.isEmpty() ? List.of() : guest.links();
        Set<Integer> taken = new HashSet<>();
        Map<GuestInterfaceName, BondState> bonds = new HashMap<>();
        List<VmTopology.Member> members = new ArrayList<>();
        for (AttachedVf vf : attached) {
            Optional<GuestLink> link = links.stream()
                    .filter(l -> l.isNicWithMac(vf.mac()) && !taken.contains(l.ifindex()))
                    .findFirst();
            link.ifPresent(l -> taken.add(l.ifindex()));
            Optional<BondState> bond = link.flatMap(GuestLink::master).map(m -> bonds.computeIfAbsent(m, guest::bond));
            var settings = source.pool(vf.vf().network()).settingsOf(vf);
            List<GuestLink> uppers = links.stream().filter(l -> l.isUpperDeviceWithMac(vf.mac())).toList();
            members.add(new VmTopology.Member(vf, settings, link, bond, uppers));
        }
        return new VmTopology(domain, members);
    }
}
