package io.vfmigrate.config;

import io.vfmigrate.model.Durations;
import io.vfmigrate.workflow.BadStepParameter;
import io.vfmigrate.workflow.ParamSpec;
import io.vfmigrate.workflow.StepDefinition;
import io.vfmigrate.workflow.WorkflowDefinition;
import io.vfmigrate.workflow.steps.StepOrder;
import io.vfmigrate.workflow.steps.StepTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a workflow by name (a file path; else NAME.yaml in the workflow directory; else the copy
 * shipped in the jar) and validates it against the step catalog and the order steps must keep:
 * unknown step types, missing parameters, values out of their range, a value a step refuses and a
 * step out of order are errors naming file, line and key.
 */
public final class WorkflowLoader {
    private final Map<String, List<ParamSpec>> catalog;
    private final Optional<Path> directory;

    public WorkflowLoader(Map<String, List<ParamSpec>> catalog, Optional<Path> directory) {
        this.catalog = Map.copyOf(catalog);
        this.directory = directory;
    }

    public WorkflowDefinition load(String nameOrPath) {
        if (nameOrPath.contains("/") || nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")) {
            return fromFile(Path.of(nameOrPath));
        }
        if (!nameOrPath.matches("[A-Za-z0-9_-]{1,64}")) throw new ConfigException("invalid workflow name '" + nameOrPath + "'");
        if (directory.isPresent()) {
            Path file = directory.get().resolve(nameOrPath + ".yaml");
            if (Files.exists(file)) return fromFile(file);
        }
        try (InputStream in = WorkflowLoader.class.getResourceAsStream("/workflows/" + nameOrPath + ".yaml")) {
            if (in == null) {
                throw new ConfigException("unknown workflow '" + nameOrPath + "' (shipped: bond-macvtap, bond-ovs, naive"
                        + directory.map(d -> "; looked in " + d).orElse("") + ")");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return fromNode(YamlReader.parse("workflow " + nameOrPath + " (built in)", text), text);
        } catch (IOException e) {
            throw new ConfigException("cannot read built-in workflow " + nameOrPath + ": " + e.getMessage(), e);
        }
    }

    public WorkflowDefinition parse(String sourceName, String yaml) {
        return fromNode(YamlReader.parse(sourceName, yaml), yaml);
    }

    private WorkflowDefinition fromFile(Path file) {
        String text = YamlReader.readText(file);
        return fromNode(YamlReader.parse(file.toString(), text), text);
    }

    private WorkflowDefinition fromNode(YamlNode root, String text) {
        root.onlyKeys("name", "description", "recovery", "steps");
        String name = root.require("name").asText();
        String description = root.get("description").map(YamlNode::asText).orElse("");
        WorkflowDefinition.RecoveryPolicy recovery = root.get("recovery").map(this::recovery)
                .orElse(WorkflowDefinition.RecoveryPolicy.DEFAULT);
        YamlNode stepsNode = root.require("steps");
        if (stepsNode.asList().isEmpty()) throw stepsNode.error("a workflow needs at least one step");
        List<StepDefinition> steps = new ArrayList<>();
        for (YamlNode s : stepsNode.asList()) steps.add(step(s));
        StepOrder.check(steps.stream().map(StepDefinition::type).toList()).ifPresent(v -> {
            throw v.step().map(i -> stepsNode.asList().get(i)).orElse(stepsNode).error(v.message());
        });
        return new WorkflowDefinition(name, description, steps, recovery, text);
    }

    private WorkflowDefinition.RecoveryPolicy recovery(YamlNode n) {
        n.onlyKeys("attempts", "backoff", "max-backoff", "other-vfs");
        var d = WorkflowDefinition.RecoveryPolicy.DEFAULT;
        var policy = new WorkflowDefinition.RecoveryPolicy(
                n.get("attempts").map(a -> a.asInt(0, WorkflowDefinition.RecoveryPolicy.MAX_ATTEMPTS)).orElse(d.attempts()),
                n.get("backoff").map(b -> duration(b, WorkflowDefinition.RecoveryPolicy.BACKOFF)).orElse(d.backoff()),
                n.get("max-backoff").map(b -> duration(b, WorkflowDefinition.RecoveryPolicy.MAX_BACKOFF)).orElse(d.maxBackoff()),
                n.get("other-vfs").map(a -> a.asInt(0, WorkflowDefinition.RecoveryPolicy.MAX_OTHER_VFS)).orElse(d.otherVfs()));
        if (policy.maxBackoff().compareTo(policy.backoff()) < 0) {
            throw n.get("max-backoff").orElse(n).error("max-backoff " + Durations.format(policy.maxBackoff())
                    + " is below backoff " + Durations.format(policy.backoff()));
        }
        return policy;
    }

    private StepDefinition step(YamlNode n) {
        n.onlyKeys("type", "params");
        YamlNode typeNode = n.require("type");
        String type = typeNode.asText();
        List<ParamSpec> specs = catalog.get(type);
        if (specs == null) {
            throw typeNode.error("unknown step type '" + type + "' (known: " + String.join(", ", catalog.keySet().stream().sorted().toList()) + ")");
        }
        Map<String, YamlNode> given = n.get("params").map(YamlNode::asMap).orElse(Map.of());
        for (var e : given.entrySet()) {
            if (specs.stream().noneMatch(p -> p.name().equals(e.getKey()))) {
                throw e.getValue().error("unknown parameter '" + e.getKey() + "' for step " + type + " (allowed: "
                        + String.join(", ", specs.stream().map(ParamSpec::name).toList()) + ")");
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (ParamSpec spec : specs) {
            YamlNode v = given.get(spec.name());
            if (v == null || v.kind() == YamlNode.Kind.NULL) {
                if (spec.required()) throw n.error("step " + type + " needs parameter '" + spec.name() + "'");
                spec.defaultValue().ifPresent(d -> params.put(spec.name(), d));
            } else {
                params.put(spec.name(), value(spec, v));
            }
        }
        StepDefinition definition = new StepDefinition(type, params);
        try {
            StepTypes.check(definition);
        } catch (BadStepParameter e) {
            throw Optional.ofNullable(given.get(e.parameter())).orElse(n).error(e.problem());
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
        return definition;
    }

    private static Object value(ParamSpec spec, YamlNode v) {
        return switch (spec.kind()) {
            case DURATION -> duration(v, spec.durationRange());
            case INT -> v.asInt(Math.toIntExact(spec.min()), Math.toIntExact(spec.max()));
            case TEXT -> v.asText();
            case TEXT_LIST -> {
                List<String> list = v.asTextList();
                if (list.isEmpty()) throw v.error("must not be empty");
                yield list;
            }
            case CHOICE -> choice(spec, v);
            case CHOICE_LIST -> {
                List<String> out = new ArrayList<>();
                for (YamlNode item : v.asList()) out.add(choice(spec, item));
                yield List.copyOf(out);
            }
        };
    }

    private static String choice(ParamSpec spec, YamlNode v) {
        String text = v.asText();
        if (!spec.choices().contains(text)) {
            throw v.error("'" + text + "' is not one of " + String.join(", ", spec.choices()));
        }
        return text;
    }

    private static Duration duration(YamlNode v, ParamSpec.Range range) {
        Duration d;
        try {
            d = Durations.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw v.error(e.getMessage());
        }
        if (!range.contains(d)) throw v.error(Durations.format(d) + " is out of range " + range);
        return d;
    }
}
