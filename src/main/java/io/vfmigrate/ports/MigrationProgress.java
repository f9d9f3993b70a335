package io.vfmigrate.ports;

/**
 * A snapshot of a running migration job. The memory fields are zero when the hypervisor did not
 * report them; {@code dirtyRateBytesPerSecond} is the dirty page rate times the page size;
 * {@code throttlePercent} how far auto-converge slows the guest's vCPUs now (0: not at all).
 */
public record MigrationProgress(long elapsedMillis, long dataTotalBytes, long dataProcessedBytes, long dataRemainingBytes,
                                long memoryIteration, long memoryBytesPerSecond, long dirtyRateBytesPerSecond, int throttlePercent) {
    public MigrationProgress(long elapsedMillis, long dataTotalBytes, long dataProcessedBytes, long dataRemainingBytes,
                             long memoryIteration, long memoryBytesPerSecond, long dirtyRateBytesPerSecond) {
        this(elapsedMillis, dataTotalBytes, dataProcessedBytes, dataRemainingBytes, memoryIteration, memoryBytesPerSecond, dirtyRateBytesPerSecond, 0);
    }

    public MigrationProgress(long elapsedMillis, long dataTotalBytes, long dataProcessedBytes, long dataRemainingBytes) {
        this(elapsedMillis, dataTotalBytes, dataProcessedBytes, dataRemainingBytes, 0, 0, 0);
    }
}
