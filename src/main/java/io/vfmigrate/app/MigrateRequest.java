package io.vfmigrate.app;

import java.util.Optional;

/**
 * What the user asked: `migrate VM --to HOST [--from HOST] [--workflow NAME] [--dry-run] [--allow-outage]`.
 * {@code allowOutage}: a VF in no bond may be moved without a stand-in (the guest is offline meanwhile).
 */
public record MigrateRequest(String vm, Optional<String> from, String to, String workflow, boolean dryRun, boolean allowOutage) {
    public MigrateRequest(String vm, Optional<String> from, String to, String workflow, boolean dryRun) {
        this(vm, from, to, workflow, dryRun, false);
    }
}
