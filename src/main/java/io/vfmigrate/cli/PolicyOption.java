package io.vfmigrate.cli;

import io.vfmigrate.config.ConfigException;
import io.vfmigrate.migration.PolicyLayers;
import java.util.List;
import java.util.Map;

/** {@code --policy KEY=VALUE}: the command line's layer of the migration policy, the last one, winning. */
public final class PolicyOption {
    static final String SOURCE = "command line";

    private PolicyOption() {}

    public static List<PolicyLayers.Layer> layers(Map<String, String> given) {
        if (given == null || given.isEmpty()) return List.of();
        try {
            return List.of(new PolicyLayers.Layer(SOURCE, given));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--policy " + e.getMessage());
        }
    }
}
