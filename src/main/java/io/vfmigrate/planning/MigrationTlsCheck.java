package io.vfmigrate.planning;

import io.vfmigrate.ports.Host;
import java.util.List;

/**
 * Preflight's {@code migration-tls}, run only when the migration policy says {@code tls: yes}: what can be
 * seen from the coordinator, that both hosts' libvirt daemons know VIR_MIGRATE_TLS (libvirt 4.4.0 and
 * later). Whether each host's QEMU has its TLS certificates (qemu.conf's {@code migrate_tls_x509_cert_dir}
 * or {@code default_tls_x509_cert_dir}) cannot be read remotely: a migration that fails on them is an
 * ordinary migrate-step failure, with libvirt's message (docs/remote-hosts.md).
 */
final class MigrationTlsCheck {
    static final String NAME = "migration-tls";
    /** libvirt 4.4.0, the first with VIR_MIGRATE_TLS, in libvirt's encoding. */
    static final long FIRST_VERSION = 4_004_000;

    private MigrationTlsCheck() {}

    static Check run(Host source, Host destination) {
        for (Host host : List.of(source, destination)) {
            long version = host.hypervisor().libvirtVersion();
            if (version < FIRST_VERSION) {
                return Check.failed(NAME, host.name() + " runs libvirt " + format(version) + ": a TLS migration stream needs "
                        + format(FIRST_VERSION) + " or later (migration policy tls: yes)");
            }
        }
        return Check.ok(NAME, "libvirt on " + source.name() + " and " + destination.name() + " can encrypt the migration stream"
                + " (QEMU's TLS certificates must exist on both: docs/remote-hosts.md)");
    }

    /** 9000000 -> "9.0.0". */
    static String format(long version) {
        return version / 1_000_000 + "." + version / 1_000 % 1_000 + "." + version % 1_000;
    }
}
