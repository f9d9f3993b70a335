package io.vfmigrate.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a bash completion script generated from the commands and their options.",
                "Use: source <(vfmigrate completion), or save it in /etc/bash_completion.d/vfmigrate."})
final class CompletionCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin GlobalOptions global;

    public Integer call() {
        var out = spec.commandLine().getOut();
        out.print(AutoComplete.bash("vfmigrate", spec.root().commandLine()));
        out.flush();
        return 0;
    }
}
