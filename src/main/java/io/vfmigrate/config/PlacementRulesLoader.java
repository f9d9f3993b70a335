package io.vfmigrate.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the inventory's top-level {@code anti-affinity} and {@code overcommit} keys. */
final class PlacementRulesLoader {
    private static final Pattern VM = Pattern.compile("[A-Za-z0-9_.+:-]{1,128}");

    private PlacementRulesLoader() {}

    static PlacementRules read(YamlNode root) {
        List<Set<String>> groups = new ArrayList<>();
        root.get("anti-affinity").ifPresent(list -> {
            for (YamlNode group : list.asList()) groups.add(group(group));
        });
        double memory = PlacementRules.DEFAULT_MEMORY_OVERCOMMIT;
        double vcpus = PlacementRules.DEFAULT_VCPU_OVERCOMMIT;
        if (root.get("overcommit").isPresent()) {
            YamlNode o = root.require("overcommit").onlyKeys("memory", "vcpus");
            memory = o.get("memory").map(n -> ratio(n, 100)).orElse(memory);
            vcpus = o.get("vcpus").map(n -> ratio(n, 1000)).orElse(vcpus);
        }
        return new PlacementRules(groups, memory, vcpus);
    }

    private static Set<String> group(YamlNode n) {
        Set<String> vms = new LinkedHashSet<>();
        for (YamlNode item : n.asList()) {
            String vm = item.asText();
            if (!VM.matcher(vm).matches()) throw item.error("invalid VM name '" + vm + "'");
            if (!vms.add(vm)) throw item.error("VM '" + vm + "' twice in one anti-affinity group");
        }
        if (vms.size() < 2) throw n.error("an anti-affinity group needs at least two VMs");
        return vms;
    }

    private static double ratio(YamlNode n, double max) {
        String text = n.asText();
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw n.error("expected a ratio such as 1.5, found '" + text + "'");
        }
        if (!(v > 0 && v <= max)) throw n.error("ratio must be above 0 and at most " + max + ", found '" + text + "'");
        return v;
    }
}
