package io.vfmigrate.cli;

import static io.vfmigrate.model.Printable.clean;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.workflow.steps.StepTypes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "workflows", mixinStandardHelpOptions = true,
        description = "Lists the workflows --workflow can name (those of --workflows DIR first, then the built-in ones), with their descriptions.")
final class WorkflowsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Path> dir = global.orParent(spec).workflowDirectory(err);
        List<WorkflowCatalog.Entry> entries = new WorkflowCatalog(new WorkflowLoader(StepTypes.catalog(), dir), dir).entries();
        boolean broken = false;
        for (WorkflowCatalog.Entry e : entries) {
            if (e.problem().isPresent()) {
                ErrorLines.print(err, e.problem().get());
                broken = true;
                continue;
            }
            String description = e.definition().orElseThrow().description().strip().replaceAll("\\s+", " ");
            out.printf("%-16s %s (%s)%n", clean(e.name()), clean(description.isEmpty() ? "-" : description), clean(e.origin()));
        }
        out.flush();
        return broken ? ExitCode.REFUSED : 0;
    }
}
