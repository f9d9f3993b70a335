package io.vfmigrate.ports;

public record GuestExecResult(int exitCode, String stdout, String stderr, boolean truncated) {
    public boolean ok() { return exitCode == 0; }
}
