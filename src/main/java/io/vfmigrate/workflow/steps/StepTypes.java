package io.vfmigrate.workflow.steps;

import static io.vfmigrate.workflow.ParamSpec.choice;
import static io.vfmigrate.workflow.ParamSpec.choiceList;
import static io.vfmigrate.workflow.ParamSpec.duration;
import static io.vfmigrate.workflow.ParamSpec.integer;
import static io.vfmigrate.workflow.ParamSpec.optionalChoice;
import static io.vfmigrate.workflow.ParamSpec.optionalDuration;
import static io.vfmigrate.workflow.ParamSpec.optionalInt;
import static io.vfmigrate.workflow.ParamSpec.requiredDuration;
import static io.vfmigrate.workflow.ParamSpec.requiredTextList;

import io.vfmigrate.workflow.ParamSpec;
import io.vfmigrate.workflow.ParamSpec.Range;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepDefinition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Every step type a workflow file may name: its parameters and how to build it. */
public final class StepTypes {
    private record Entry(List<ParamSpec> params, Function<StepDefinition, Step> build) {}

    private static final Duration HOTPLUG = Duration.ofSeconds(30);
    private static final Duration BOND = Duration.ofSeconds(10);
    /** The ranges checked at load (docs/workflows.md): every timeout is above zero and bounded. */
    static final Range TIMEOUT = Range.of(Duration.ofSeconds(1), Duration.ofHours(1));
    static final Range MIGRATE_TIMEOUT = Range.of(Duration.ofSeconds(1), Duration.ofHours(24));
    static final Range WAIT = Range.of(Duration.ofMillis(1), Duration.ofHours(1));
    static final Range MAX_DOWNTIME = Range.of(Duration.ofMillis(1), Duration.ofMinutes(1));
    static final int MAX_BANDWIDTH_MIB_PER_S = 1 << 20;
    private static final Map<String, Entry> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put(AddTemporaryPort.TYPE, new Entry(List.of(optionalChoice("port", List.of("macvtap", "ovs")), duration("timeout", HOTPLUG, TIMEOUT),
                choice("vlan", AddTemporaryPort.Vlan.PARAMS, "vf")),
                d -> new AddTemporaryPort(d.text("port"), d.duration("timeout"), AddTemporaryPort.Vlan.of(d))));
        TYPES.put(EnslaveTemporaryPort.TYPE, new Entry(List.of(), d -> new EnslaveTemporaryPort()));
        TYPES.put(FailOverToTemporaryPort.TYPE, new Entry(List.of(duration("timeout", BOND, TIMEOUT)), d -> new FailOverToTemporaryPort(d.duration("timeout"))));
        TYPES.put(DetachVf.TYPE, new Entry(List.of(duration("timeout", HOTPLUG, TIMEOUT), choice("source-mac", List.of("clear", "keep"), "clear")),
                d -> new DetachVf(d.duration("timeout"), !d.text("source-mac").orElse("clear").equals("keep"))));
        TYPES.put(Migrate.TYPE, new Entry(List.of(
                choiceList("flags", Migrate.FLAGS, List.of("live", "persist-dest", "undefine-source", "abort-on-error")),
                optionalDuration("max-downtime", MAX_DOWNTIME), optionalInt("bandwidth-mib-per-s", 1, MAX_BANDWIDTH_MIB_PER_S),
                duration("timeout", Duration.ofMinutes(10), MIGRATE_TIMEOUT),
                optionalDuration("downtime-raise-delay", Range.of(Duration.ZERO, Duration.ofMinutes(10))),
                optionalInt("auto-converge-initial", 1, 100), optionalInt("auto-converge-increment", 1, 100),
                optionalInt("parallel-connections", 1, 64),
                optionalDuration("completion-timeout-per-gib", Range.of(Duration.ofSeconds(1), Duration.ofHours(1))),
                optionalDuration("progress-timeout", Range.of(Duration.ofSeconds(1), Duration.ofHours(1))),
                optionalChoice("on-timeout", List.of("abort", "force")), optionalChoice("tls", List.of("yes", "no"))),
                d -> new Migrate(d.textList("flags"), d.optionalDuration("max-downtime"), d.optionalInt("bandwidth-mib-per-s"),
                        d.duration("timeout"), Migrate.policyParams(d))));
        TYPES.put(MigrateOffline.TYPE, new Entry(List.of(), d -> new MigrateOffline()));
        TYPES.put(AttachVf.TYPE, new Entry(List.of(duration("timeout", HOTPLUG, TIMEOUT), choice("guest-side-enslave", List.of("on", "off"), "on")),
                d -> new AttachVf(d.duration("timeout"), d.text("guest-side-enslave").orElse("on").equals("on"))));
        TYPES.put(EnslaveVf.TYPE, new Entry(List.of(), d -> new EnslaveVf()));
        TYPES.put(FailBackToVf.TYPE, new Entry(List.of(duration("timeout", BOND, TIMEOUT)), d -> new FailBackToVf(d.duration("timeout"))));
        TYPES.put(RemoveTemporaryPort.TYPE, new Entry(List.of(duration("timeout", HOTPLUG, TIMEOUT)), d -> new RemoveTemporaryPort(d.duration("timeout"))));
        TYPES.put(Wait.TYPE, new Entry(List.of(requiredDuration("duration", WAIT)), d -> new Wait(d.duration("duration"))));
        TYPES.put(GuestCommand.TYPE, new Entry(List.of(requiredTextList("argv"), integer("expect-exit", 0, 0, 255), duration("timeout", BOND, TIMEOUT)),
                d -> new GuestCommand(d.textList("argv"), d.integer("expect-exit"), d.duration("timeout"))));
    }

    private StepTypes() {}

    public static Map<String, List<ParamSpec>> catalog() {
        Map<String, List<ParamSpec>> out = new LinkedHashMap<>();
        TYPES.forEach((k, v) -> out.put(k, v.params()));
        return out;
    }

    public static List<Step> build(List<StepDefinition> definitions) {
        return definitions.stream().map(d -> {
            Entry e = TYPES.get(d.type());
            if (e == null) throw new IllegalArgumentException("unknown step type " + d.type());
            return e.build().apply(d);
        }).toList();
    }

    /** Builds the step once, for its own checks: a workflow file is refused at load, not when a run starts. */
    public static void check(StepDefinition definition) { build(List.of(definition)); }

    /** Step types that need the VM's VFs to sit in a guest bond. */
    public static boolean needsBond(String type) {
        return List.of(AddTemporaryPort.TYPE, EnslaveTemporaryPort.TYPE, FailOverToTemporaryPort.TYPE,
                FailBackToVf.TYPE, RemoveTemporaryPort.TYPE).contains(type);
    }
}
