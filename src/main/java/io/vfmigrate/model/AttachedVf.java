package io.vfmigrate.model;

/** A VF as it is attached to a domain: which VF, and the domain's interface element for it. */
public record AttachedVf(Vf vf, DomainInterface iface) {
    public Mac mac() { return iface.mac(); }
}
