package io.vfmigrate.model;

import java.util.Optional;

/**
 * One {@code <interface>} of a live domain. {@code xml} is the element exactly as libvirt reported it
 * (with alias and guest PCI address), so a detach names precisely this device even when another
 * interface of the domain carries the same MAC (the temporary port does).
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
        String xml) {

    public boolean hasAlias(String name) {
        return alias.map(name::equals).orElse(false);
    }
}
