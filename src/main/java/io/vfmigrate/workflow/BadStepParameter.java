package io.vfmigrate.workflow;

/**
 * A step refuses one of its parameters (a check its type's {@link ParamSpec} cannot express): the
 * workflow loader reports it at that parameter's file, line and key.
 */
public final class BadStepParameter extends IllegalArgumentException {
    private final String parameter;
    private final String problem;

    public BadStepParameter(String stepType, String parameter, String problem) {
        super(stepType + " " + parameter + ": " + problem);
        this.parameter = parameter;
        this.problem = problem;
    }

    public String parameter() { return parameter; }

    public String problem() { return problem; }
}
