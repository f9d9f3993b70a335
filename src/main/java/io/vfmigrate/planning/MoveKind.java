package io.vfmigrate.planning;

import java.util.Optional;

/**
 * How a VM leaves its host, decided from its state and readiness: the bond workflow, {@code plain}
 * (no VF), {@code naive} (VF in no bond, only with --allow-outage), an offline move (shut off), or not
 * at all (the refusal says why; e.g. no guest agent: no workflow moves a VF without it).
 */
record MoveKind(Optional<String> workflow, boolean offline, Optional<String> note, Optional<String> refusal) {
    static MoveKind of(VmView vm, EvacuationRequest request) {
        Readiness r = vm.readiness();
        return switch (r.kind()) {
            case BOND -> move(request.bondWorkflow(), false, Optional.empty());
            case PLAIN -> move(EvacuationRequest.PLAIN_WORKFLOW, false, Optional.empty());
            case SHUT_OFF -> vm.persistent()
                    ? move(EvacuationRequest.OFFLINE_WORKFLOW, true, Optional.of("shut off: offline migration of its definition"))
                    : refuse("shut off and not persistent: nothing to move");
            case NO_AGENT -> refuse(r.reason() + "; every workflow that moves a VF needs the guest agent");
            case NO_BOND -> request.allowOutage()
                    ? move(EvacuationRequest.OUTAGE_WORKFLOW, false, Optional.of("network outage during the move (--allow-outage): " + r.reason()))
                    : refuse(r.reason() + "; it would lose its network (--allow-outage moves it with "
                            + EvacuationRequest.OUTAGE_WORKFLOW + ")");
            case OTHER_STATE -> refuse(r.reason());
        };
    }

    private static MoveKind move(String workflow, boolean offline, Optional<String> note) {
        return new MoveKind(Optional.of(workflow), offline, note, Optional.empty());
    }

    private static MoveKind refuse(String why) {
        return new MoveKind(Optional.empty(), false, Optional.empty(), Optional.of(why));
    }
}
