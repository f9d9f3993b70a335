package io.vfmigrate.workflow;

/** Names of the run-wide facts (per-VF and per-bond ones live in {@link VfFacts} and {@link BondFacts}). */
public final class FactKeys {
    public static final String VM_HOST = "vm.host";
    public static final String VF_COUNT = "vf.count";
    public static final String BOND_COUNT = "bond.count";

    private FactKeys() {}
}
