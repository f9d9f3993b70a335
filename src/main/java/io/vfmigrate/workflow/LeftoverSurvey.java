package io.vfmigrate.workflow;

import java.util.List;

/** Looks at the real hosts and lists, precisely, what a stopped run left behind. */
public interface LeftoverSurvey {
    List<String> survey(RunContext ctx);
}
