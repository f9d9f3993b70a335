package io.vfmigrate.ports;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a VM stands on one host, as the hypervisor says: running (with libvirt's reason: booted, migrated,
 * unpaused, migration-canceled...), paused (with its reason: migration, user, io-error...), shut off
 * (defined only), absent, or something else. A paused VM is
 * not a running VM. {@code completed} is this host's last completed job of the VM when it was a
 * migration (libvirt's completed job statistics, kept): out of here (the copy elsewhere is the newer
 * one) or into here. Its direction matters: a host keeps the statistics of the migration that brought
 * the VM in until its next job completes, so on a source they are no sign that the migration out did.
 */
public record DomainState(Kind kind, String reason, Completed completed) {
    public enum Kind {
        RUNNING, PAUSED, SHUT_OFF, ABSENT, OTHER;

        public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
    }

    /** The direction of the last completed migration job here, if the last completed job was one. */
    public enum Completed { NONE, MIGRATION_OUT, MIGRATION_IN }

    public static final DomainState ABSENT = new DomainState(Kind.ABSENT, "", Completed.NONE);
    public static final DomainState RUNNING = new DomainState(Kind.RUNNING, "", Completed.NONE);

    public DomainState {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(completed, "completed");
    }

    /** The reason libvirt gives a copy it resumed because its migration out failed or was recovered after a restart. */
    public static final String RESUMED_AFTER_MIGRATION = "migration-canceled";

    public static DomainState running(String reason) { return new DomainState(Kind.RUNNING, reason, Completed.NONE); }

    public static DomainState paused(String reason) { return new DomainState(Kind.PAUSED, reason, Completed.NONE); }

    public static DomainState shutOff() { return new DomainState(Kind.SHUT_OFF, "", Completed.NONE); }

    public boolean isRunning() { return kind == Kind.RUNNING; }

    public boolean isPaused() { return kind == Kind.PAUSED; }

    /** A QEMU process exists for it here (running or paused): it holds its devices and ports. */
    public boolean isActive() { return kind == Kind.RUNNING || kind == Kind.PAUSED || kind == Kind.OTHER; }

    /** Defined or active here: something of it is left on this host. */
    public boolean isPresent() { return kind != Kind.ABSENT; }

    public DomainState withCompleted(Completed last) { return new DomainState(kind, reason, last); }

    /** Running because libvirt resumed it when its migration out ended without it (failed, or recovered by a restarted daemon). */
    public boolean resumedAfterMigration() { return kind == Kind.RUNNING && RESUMED_AFTER_MIGRATION.equals(reason); }

    /** Its migration out of this host completed: a copy of the VM here is the older one. */
    public boolean migratedOut() { return completed == Completed.MIGRATION_OUT; }

    /** The migration that brought the VM here completed. */
    public boolean migratedIn() { return completed == Completed.MIGRATION_IN; }

    @Override public String toString() {
        String last = switch (completed) {
            case NONE -> "";
            case MIGRATION_OUT -> ", its migration out completed";
            case MIGRATION_IN -> ", its migration in completed";
        };
        return kind.label() + (reason.isEmpty() ? "" : " (" + reason + ")") + last;
    }
}
