package io.vfmigrate.ports;

/** A snapshot of a running migration job. */
public record MigrationProgress(long elapsedMillis, long dataTotalBytes, long dataProcessedBytes, long dataRemainingBytes) {}
