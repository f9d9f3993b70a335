package io.vfmigrate.guest;

import io.vfmigrate.model.GuestInterfaceName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the guest sees each NIC's PCI device ("0000:00:02.0"), from the uevent files of sysfs. A VF's own device
 * names its slot; a virtio NIC's device is a virtio device whose parent is the PCI function, so the parent's
 * uevent is read too and used only when the device's own names no slot (a VF behind a PCIe root port has the
 * port as parent: its slot must never be taken for the VF's).
 */
final class PciSlots {
    private static final String KEY = "PCI_SLOT_NAME=";

    private PciSlots() {}

    static List<String> files(List<GuestInterfaceName> nics) {
        List<String> paths = new ArrayList<>();
        for (GuestInterfaceName n : nics) {
            paths.add(own(n));
            paths.add(parent(n));
        }
        return paths;
    }

    /** {@code contents}: each file's text by path (a missing file left out); the NICs whose slot is known. */
    static Map<GuestInterfaceName, String> of(List<GuestInterfaceName> nics, Map<String, String> contents) {
        Map<GuestInterfaceName, String> slots = new LinkedHashMap<>();
        for (GuestInterfaceName n : nics) {
            Optional<String> slot = slot(contents.get(own(n))).or(() -> slot(contents.get(parent(n))));
            slot.ifPresent(s -> slots.put(n, s));
        }
        return slots;
    }

    /** `grep -H PCI_SLOT_NAME= FILE...` output as {@link #of} takes it ("path:line" per line). */
    static Map<String, String> fromGrep(String output) {
        Map<String, String> contents = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int at = line.indexOf(":" + KEY);
            if (at > 0) contents.merge(line.substring(0, at), line.substring(at + 1), (a, b) -> a + "\n" + b);
        }
        return contents;
    }

    private static Optional<String> slot(String uevent) {
        if (uevent == null) return Optional.empty();
        for (String line : uevent.split("\n")) {
            String l = line.strip();
            if (l.startsWith(KEY) && l.substring(KEY.length()).matches("[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]")) {
                return Optional.of(l.substring(KEY.length()).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    private static String own(GuestInterfaceName n) { return "/sys/class/net/" + n.value() + "/device/uevent"; }

    private static String parent(GuestInterfaceName n) { return "/sys/class/net/" + n.value() + "/device/../uevent"; }
}
