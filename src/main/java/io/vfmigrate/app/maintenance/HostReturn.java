package io.vfmigrate.app.maintenance;

import io.vfmigrate.app.VmMoveOutcome;
import java.util.Optional;

/**
 * What came (or, in a dry run, would come) of one VM of a maintenance's origin map at its exit: returned into the
 * host, stayed where it is (the reason says why: moved since, redefined, deleted, cannot return, its run failed),
 * or its run needs an operator. {@code from}: where it is (or was) away from the host.
 */
public record HostReturn(String vm, String from, Result result, String detail, Optional<String> runId) {
    public enum Result {
        RETURNED, STAYED, NEEDS_OPERATOR, WOULD_RETURN, WOULD_STAY;

        public String label() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }
    }

    static HostReturn of(VmMoveOutcome o, String from) {
        Result r = switch (o.result()) {
            case MOVED -> Result.RETURNED;
            case STAYED -> Result.STAYED;
            case NEEDS_OPERATOR -> Result.NEEDS_OPERATOR;
        };
        return new HostReturn(o.vm(), from, r, o.detail(), o.runId());
    }
}
