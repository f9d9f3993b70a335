package io.vfmigrate.ports;

public record ExecResult(int exitCode, String stdout, String stderr) {
    public boolean ok() { return exitCode == 0; }
}
