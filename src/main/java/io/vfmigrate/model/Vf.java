package io.vfmigrate.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A virtual function of one network on one host. {@code id} is unique on the host ("enp129s0f0/vf3",
 * "evf3"); {@code address} is what an operator recognises (its PCI address, or the emulated slot).
 */
public record Vf(String host, String network, String id, String address, OptionalInt numaNode) {
    public Vf {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(numaNode, "numaNode");
    }

    /** The key under which a run leases this VF. */
    public String leaseKey() { return "vf:" + host + "/" + id; }

    @Override public String toString() { return id + " (" + address + ") on " + host; }
}
