package io.vfmigrate.migration;

import io.vfmigrate.model.Durations;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Precedence of the policy's sources: the layers in the order given (inventory defaults, destination
 * host, workflow, command line), a later one winning key by key; a key no layer sets keeps its default.
 */
public final class PolicyLayers {
    public static final String DEFAULT = "default";

    /** One source of policy values (already checked where they were read). */
    public record Layer(String source, Map<String, String> values) {
        public Layer {
            values = Map.copyOf(values);
            for (Map.Entry<String, String> e : values.entrySet()) {
                PolicyKey.named(e.getKey()).orElseThrow(() -> new IllegalArgumentException("unknown migration policy key '"
                        + e.getKey() + "' (" + String.join(", ", PolicyKey.names()) + ")")).check(e.getValue());
            }
        }
    }

    /** A value in force and the source it came from. */
    public record Sourced(String value, String source) {}

    public record Resolved(MigrationPolicy policy, Map<PolicyKey, Sourced> values) {
        /** "key=value (source)" for every key, in the table's order: what --dry-run prints. */
        public Map<String, String> describe() {
            Map<String, String> out = new LinkedHashMap<>();
            values.forEach((k, v) -> out.put(k.key(), v.value() + " (" + v.source() + ")"));
            return out;
        }

        /** How long the VM's dirty rate is measured before a move. */
        public Duration dirtyRatePeriod() { return Durations.parse(values.get(PolicyKey.DIRTY_RATE_PERIOD).value()); }

        /** The bandwidth the prediction assumes: the expected one, or the policy's limit when that is lower. */
        public long predictionBandwidthMiBps() {
            long expected = Long.parseLong(values.get(PolicyKey.EXPECTED_BANDWIDTH).value());
            return policy.bandwidthMiBps() > 0 ? Math.min(expected, policy.bandwidthMiBps()) : expected;
        }
    }

    private PolicyLayers() {}

    public static Resolved resolve(List<Layer> layers) {
        Map<PolicyKey, Sourced> in = new EnumMap<>(PolicyKey.class);
        for (PolicyKey k : PolicyKey.values()) in.put(k, new Sourced(k.defaultValue(), DEFAULT));
        for (Layer layer : layers) {
            layer.values().forEach((k, v) -> in.put(PolicyKey.named(k).orElseThrow(), new Sourced(v, layer.source())));
        }
        MigrationPolicy policy = new MigrationPolicy(
                PolicyKey.schedule(text(in, PolicyKey.DOWNTIME_SCHEDULE)),
                Durations.parse(text(in, PolicyKey.DOWNTIME_RAISE_DELAY)),
                Integer.parseInt(text(in, PolicyKey.BANDWIDTH)),
                PolicyKey.yesNo(text(in, PolicyKey.AUTO_CONVERGE)),
                Integer.parseInt(text(in, PolicyKey.AUTO_CONVERGE_INITIAL)),
                Integer.parseInt(text(in, PolicyKey.AUTO_CONVERGE_INCREMENT)),
                Integer.parseInt(text(in, PolicyKey.PARALLEL_CONNECTIONS)),
                Durations.parse(text(in, PolicyKey.COMPLETION_TIMEOUT_PER_GIB)),
                Durations.parse(text(in, PolicyKey.PROGRESS_TIMEOUT)),
                PolicyKey.onTimeout(text(in, PolicyKey.ON_TIMEOUT)),
                PolicyKey.yesNo(text(in, PolicyKey.TLS)));
        return new Resolved(policy, java.util.Collections.unmodifiableMap(new EnumMap<>(in)));
    }

    private static String text(Map<PolicyKey, Sourced> in, PolicyKey key) { return in.get(key).value(); }
}
