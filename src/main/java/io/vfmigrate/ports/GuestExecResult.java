package io.vfmigrate.ports;

/** What a guest command returned; {@code truncated} when its output passed {@link GuestAgent#OUTPUT_LIMIT_BYTES}. */
public record GuestExecResult(int exitCode, String stdout, String stderr, boolean truncated) {
    public boolean ok() { return exitCode == 0; }
}
