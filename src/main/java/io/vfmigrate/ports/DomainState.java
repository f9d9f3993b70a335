package io.vfmigrate.ports;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a VM stands on one host, as the hypervisor says: running, paused (with libvirt's reason:
 * migration, user, io-error...), shut off (defined only), absent, or something else. A paused VM is
 * not a running VM. {@code migrationCompleted} is true when this host's last migration job of the
 * VM completed (libvirt's completed job statistics), i.e. the copy elsewhere is the newer one.
 */
public record DomainState(Kind kind, String reason, boolean migrationCompleted) {
    public enum Kind {
        RUNNING, PAUSED, SHUT_OFF, ABSENT, OTHER;

        public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
    }

    public static final DomainState ABSENT = new DomainState(Kind.ABSENT, "", false);
    public static final DomainState RUNNING = new DomainState(Kind.RUNNING, "", false);

    public DomainState {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    public static DomainState paused(String reason) { return new DomainState(Kind.PAUSED, reason, false); }

    public static DomainState shutOff() { return new DomainState(Kind.SHUT_OFF, "", false); }

    public boolean isRunning() { return kind == Kind.RUNNING; }

    public boolean isPaused() { return kind == Kind.PAUSED; }

    /** A QEMU process exists for it here (running or paused): it holds its devices and ports. */
    public boolean isActive() { return kind == Kind.RUNNING || kind == Kind.PAUSED || kind == Kind.OTHER; }

    /** Defined or active here: something of it is left on this host. */
    public boolean isPresent() { return kind != Kind.ABSENT; }

    public DomainState withMigrationCompleted(boolean completed) { return new DomainState(kind, reason, completed); }

    @Override public String toString() {
        return kind.label() + (reason.isEmpty() ? "" : " (" + reason + ")") + (migrationCompleted ? ", its migration completed" : "");
    }
}
