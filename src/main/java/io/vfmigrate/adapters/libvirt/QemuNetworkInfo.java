package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.ports.Hypervisor;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses QEMU's HMP {@code info network}: a NIC is a top-level line "net0: index=0,type=nic,..." with
 * its backend indented below it ("\ hostnet0: index=0,type=tap,..."); a backend on a top-level line
 * has no device: an orphan, left e.g. by a device removal that QEMU finished after libvirt stopped
 * waiting, and its id blocks every later attach that reuses it.
 */
final class QemuNetworkInfo {
    private QemuNetworkInfo() {}

    static List<String> orphanBackends(String infoNetwork) {
        List<String> out = new ArrayList<>();
        for (String line : infoNetwork.split("\\R")) {
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || line.startsWith("\\")) continue;
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String rest = line.substring(colon + 1).trim();
            if (rest.contains("type=nic")) continue;
            out.add(line.substring(0, colon).trim() + " (" + rest + ")");
        }
        return List.copyOf(out);
    }

    /** {@code id} is listed as a backend without its device. */
    static boolean isOrphan(String infoNetwork, String id) {
        return orphanBackends(infoNetwork).stream().anyMatch(o -> Hypervisor.orphanNetdevId(o).equals(id));
    }
}
