package io.vfmigrate.ports;

import java.util.Objects;

/** A domain defined or running on a host: its state, whether it outlives a stop, and its XML (live, else inactive). */
public record DomainListing(String name, State state, boolean persistent, String xml) {
    public enum State {
        RUNNING, PAUSED, SHUT_OFF, CRASHED, SUSPENDED, OTHER;

        /** Lower case with dashes, as printed ("shut-off"). */
        public String label() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }
    }

    public DomainListing {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(xml, "xml");
    }
}
