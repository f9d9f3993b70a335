package io.vfmigrate.planning;

import io.vfmigrate.model.Vf;
import java.util.List;
import java.util.Optional;

/**
 * Where one VM goes and how: the destination, the workflow, each VF with the destination VF promised to
 * it (its definition names it after an offline move), and a note when the move is not the ordinary live one.
 */
public record Placement(String vm, String source, String destination, String workflow, List<VfMove> vfs, boolean offline,
                        Optional<String> note, long memoryKiB, int vcpus) {
    public Placement {
        vfs = List.copyOf(vfs);
    }

    /** A VF of the VM on the source and the one promised on the destination. */
    public record VfMove(String network, String sourceVf, String mac, Optional<Vf> destinationVf) {}
}
