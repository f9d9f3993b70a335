package io.vfmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementRulesLoaderTest {
    static final String HOSTS = """
            hosts:
              host-a:
                libvirt-uri: test:///a
                networks:
                  physnet0:
                    vf-pool: {type: emulated, bridge: br0, slots: 4}
            """;

    @Test
    void defaultsWithoutTheKeys() {
        PlacementRules r = InventoryLoader.parse("inv.yaml", HOSTS).placementRules();
        assertEquals(List.of(), r.antiAffinity());
        assertEquals(1.0, r.memoryOvercommit());
        assertEquals(16.0, r.vcpuOvercommit());
    }

    @Test
    void groupsAndRatios() {
        PlacementRules r = InventoryLoader.parse("inv.yaml", HOSTS + """
                anti-affinity:
                  - [db1, db2]
                  - [web1, web2, web3]
                overcommit: {memory: 1.5, vcpus: 4}
                """).placementRules();
        assertEquals(List.of(Set.of("db1", "db2"), Set.of("web1", "web2", "web3")), r.antiAffinity());
        assertEquals(1.5, r.memoryOvercommit());
        assertEquals(4.0, r.vcpuOvercommit());
    }

    @Test
    void badValuesNameTheFileLineAndKey() {
        ConfigException single = assertThrows(ConfigException.class, () -> InventoryLoader.parse("inv.yaml", HOSTS + "anti-affinity:\n  - [db1]\n"));
        assertTrue(single.getMessage().startsWith("inv.yaml:8: anti-affinity[0]:") && single.getMessage().contains("at least two VMs"), single.getMessage());
        ConfigException ratio = assertThrows(ConfigException.class, () -> InventoryLoader.parse("inv.yaml", HOSTS + "overcommit: {memory: lots}\n"));
        assertTrue(ratio.getMessage().contains("memory") && ratio.getMessage().contains("'lots'"), ratio.getMessage());
        ConfigException zero = assertThrows(ConfigException.class, () -> InventoryLoader.parse("inv.yaml", HOSTS + "overcommit: {vcpus: 0}\n"));
        assertTrue(zero.getMessage().contains("above 0"), zero.getMessage());
        ConfigException typo = assertThrows(ConfigException.class, () -> InventoryLoader.parse("inv.yaml", HOSTS + "overcommit: {cpu: 2}\n"));
        assertTrue(typo.getMessage().contains("unknown key 'cpu'"), typo.getMessage());
    }
}
