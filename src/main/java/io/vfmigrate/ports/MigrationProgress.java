package io.vfmigrate.ports;

/**
 * A snapshot of a running migration job. The memory fields are zero when the hypervisor did not
 * report them; {@code dirtyRateBytesPerSecond} is the dirty page rate times the page size.
 */
public record MigrationProgress(long elapsedMillis, long dataTotalBytes, long dataProcessedBytes, long dataRemainingBytes,
                                long memoryIteration, long memoryBytesPerSecond, long dirtyRateBytesPerSecond) {
    public MigrationProgress(long elapsedMillis, long dataTotalBytes, long dataProcessedBytes, long dataRemainingBytes) {
        this(elapsedMillis, dataTotalBytes, dataProcessedBytes, dataRemainingBytes, 0, 0, 0);
    }
}
