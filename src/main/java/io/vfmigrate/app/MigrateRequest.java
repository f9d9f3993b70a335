package io.vfmigrate.app;

import java.util.Map;
import java.util.Optional;

/**
 * What the user asked: `migrate VM --to HOST [--from HOST] [--workflow NAME] [--dry-run] [--allow-outage]`.
 * {@code allowOutage}: a VF in no bond may be moved without a stand-in (the guest is offline meanwhile).
 * {@code plannedVfs}: the destination VF an evacuation plan promised, by source VF id: the run takes it when
 * it is still free, else chooses as usual and says so. {@code slotHeld}: the caller (an evacuation) holds the
 * move slot of this move already; a plain `migrate` takes its own.
 */
public record MigrateRequest(String vm, Optional<String> from, String to, String workflow, boolean dryRun, boolean allowOutage,
                             Map<String, String> plannedVfs, boolean slotHeld) {
    public MigrateRequest {
        plannedVfs = Map.copyOf(plannedVfs);
    }

    public MigrateRequest(String vm, Optional<String> from, String to, String workflow, boolean dryRun, boolean allowOutage) {
        this(vm, from, to, workflow, dryRun, allowOutage, Map.of(), false);
    }

    public MigrateRequest(String vm, Optional<String> from, String to, String workflow, boolean dryRun) {
        this(vm, from, to, workflow, dryRun, false);
    }
}
