package io.vfmigrate.planning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which moves start: in placement order, each in the first wave (1, 2, ...) that still has
 * room under {@code parallel} moves out of the host at once and {@code maxPerDestination} into one destination.
 */
public final class Waves {
    private Waves() {}

    public static List<Integer> assign(List<Placement> placements, int parallel, int maxPerDestination) {
        if (parallel < 1 || maxPerDestination < 1) {
            throw new IllegalArgumentException("--parallel and --max-per-destination must be at least 1, not " + parallel + " and " + maxPerDestination);
        }
        List<Integer> size = new ArrayList<>();
        List<Map<String, Integer>> incoming = new ArrayList<>();
        List<Integer> waves = new ArrayList<>();
        for (Placement p : placements) {
            int w = 0;
            while (w < size.size() && (size.get(w) >= parallel || incoming.get(w).getOrDefault(p.destination(), 0) >= maxPerDestination)) w++;
            if (w == size.size()) {
                size.add(0);
                incoming.add(new HashMap<>());
            }
            size.set(w, size.get(w) + 1);
            incoming.get(w).merge(p.destination(), 1, Integer::sum);
            waves.add(w + 1);
        }
        return waves;
    }
}
