package io.vfmigrate.model;

import java.util.Optional;

/**
 * One {@code <interface>} of a live domain. {@code xml} is the element exactly as libvirt reported it
 * (with alias and guest PCI address), so a detach names precisely this device even when another
 * interface of the domain carries the same MAC (the temporary port does). {@code guestPciAddress}: where the guest
 * sees the device ("0000:00:02.0", the interface's own {@code <address type='pci'>}), when libvirt reports one.
 */
public record DomainInterface(
        String type,
        Mac mac,
        Optional<String> sourceBridge,
        Optional<String> sourceDev,
        Optional<String> sourceNetwork,
        Optional<String> hostdevPciAddress,
        Optional<String> targetDev,
        Optional<String> alias,
        Optional<String> virtualportType,
        Optional<Integer> vlan,
        Optional<String> guestPciAddress,
        String xml) {

    public boolean hasAlias(String name) {
        return alias.map(name::equals).orElse(false);
    }
}
