package io.vfmigrate.app;

import java.util.Optional;

/** What the user asked: `migrate VM --to HOST [--from HOST] [--workflow NAME] [--dry-run]`. */
public record MigrateRequest(String vm, Optional<String> from, String to, String workflow, boolean dryRun) {}
