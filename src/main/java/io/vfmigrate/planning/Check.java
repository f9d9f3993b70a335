package io.vfmigrate.planning;

/** One preflight check, reported by name. A warning does not stop the run. */
public record Check(String check, Status status, String detail) {
    public enum Status { OK, WARNING, FAILED, SKIPPED }

    public static Check ok(String check, String detail) { return new Check(check, Status.OK, detail); }
    public static Check warning(String check, String detail) { return new Check(check, Status.WARNING, detail); }
    public static Check failed(String check, String detail) { return new Check(check, Status.FAILED, detail); }
    public static Check skipped(String check, String detail) { return new Check(check, Status.SKIPPED, detail); }

    /** Passed, perhaps with a warning. */
    public boolean ok() { return status == Status.OK || status == Status.WARNING; }
}
