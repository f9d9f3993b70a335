package io.vfmigrate.planning;

/** Whether, and how, a VM can leave its host; {@code reason} says why when it cannot move live without an outage. */
public record Readiness(Kind kind, String reason) {
    public enum Kind {
        /** Every VF is a slave of an active-backup bond: the bond workflow moves it without outage. */
        BOND(true),
        /** No VF: a plain live migration. */
        PLAIN(true),
        /** A VF is in no active-backup bond: moving it costs an outage (naive, with --allow-outage). */
        NO_BOND(false),
        /** The guest agent does not answer or refuses guest-exec: the bond cannot be checked or driven. */
        NO_AGENT(false),
        /** Shut off: only its definition can move (offline migration). */
        SHUT_OFF(false),
        /** Paused, crashed, suspended...: not handled. */
        OTHER_STATE(false);

        private final boolean live;

        Kind(boolean live) { this.live = live; }

        /** Ready for a live move without outage. */
        public boolean live() { return live; }

        public String label() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }
    }

    public static Readiness bond() { return new Readiness(Kind.BOND, "every VF is in an active-backup bond"); }

    public static Readiness plain() { return new Readiness(Kind.PLAIN, "no VF: plain live migration"); }
}
