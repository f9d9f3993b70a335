package io.vfmigrate.app;

import java.util.List;

/**
 * What came of a rolling maintenance (or of its resume): {@code rows}, each host of it in order (those not reached:
 * not-started), the exit code, and whether the record is left open for `resume`.
 */
public record RollingResult(String rollingId, List<RollingHostRow> rows, int exitCode, boolean leftOpen) {
    public RollingResult { rows = List.copyOf(rows); }

    public List<String> failed() { return hosts(RollingHostRow.Result.FAILED); }

    public List<String> hosts(RollingHostRow.Result result) { return rows.stream().filter(r -> r.result() == result).map(RollingHostRow::host).toList(); }
}
