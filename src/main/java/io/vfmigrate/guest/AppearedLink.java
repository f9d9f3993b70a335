package io.vfmigrate.guest;

import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hot-plugged NIC told from the agent's interface list ("NAME MAC" entries, untrusted) and its sysfs files,
 * without a guest command: what {@link GuestNetwork#appearedLink} reads and how it decides.
 */
final class AppearedLink {
    private static final int IFF_UP = 0x1;

    private AppearedLink() {}

    static boolean hasMac(String entry, Mac mac) {
        int space = entry.lastIndexOf(' ');
        return space > 0 && Mac.isValid(entry.substring(space + 1)) && Mac.parse(entry.substring(space + 1)).equals(mac);
    }

    static Optional<GuestInterfaceName> name(String entry) {
        String name = entry.substring(0, entry.lastIndexOf(' '));
        return GuestInterfaceName.isValid(name) ? Optional.of(new GuestInterfaceName(name)) : Optional.empty();
    }

    static List<String> files(GuestInterfaceName name) {
        String dir = "/sys/class/net/" + name.value() + "/";
        return List.of(dir + "ifindex", dir + "address", dir + "flags", dir + "device/uevent", dir + "bonding_slave/perm_hwaddr");
    }

    /** The link, if its files say it is a NIC with this MAC that no bond has enslaved; else empty. */
    static Optional<GuestLink> of(GuestInterfaceName name, Mac mac, Map<String, String> files) {
        List<String> paths = files(name);
        String ifindex = files.get(paths.get(0));
        String address = files.get(paths.get(1));
        String flags = files.get(paths.get(2));
        boolean device = files.containsKey(paths.get(3));
        boolean slave = files.containsKey(paths.get(4));
        if (ifindex == null || address == null || flags == null || !device || slave) return Optional.empty();
        if (!ifindex.strip().matches("[0-9]{1,9}") || !flags.strip().matches("0x[0-9a-fA-F]{1,8}") || !Mac.isValid(address.strip())) {
            return Optional.empty();
        }
        Mac own = Mac.parse(address.strip());
        if (!own.equals(mac)) return Optional.empty();
        boolean up = (Long.parseLong(flags.strip().substring(2), 16) & IFF_UP) != 0;
        return Optional.of(new GuestLink(Integer.parseInt(ifindex.strip()), name, own, own, Optional.empty(), false, up, true,
                Optional.empty(), Optional.of(true)));
    }
}
