package io.vfmigrate.fakes;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Records a run as "apply:TYPE", "fail:TYPE", "undo:TYPE", "undo-failed:TYPE", "retry:TYPE", "state:STATE". */
public final class Trace implements RunListener {
    public final List<String> events = new ArrayList<>();

    public void stateChanged(RunRecord run, RunState from, RunState to) { events.add("state:" + to); }
    public void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> f) { events.add("apply:" + type); }
    public void stepFailed(RunRecord run, int i, String type, Failure failure, Map<String, String> f) { events.add("fail:" + type); }
    public void compensationSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> f) { events.add("undo:" + type); }
    public void compensationFailed(RunRecord run, int i, String type, Failure failure, Map<String, String> f) { events.add("undo-failed:" + type); }
    public void recovering(RunRecord run, int i, String type, int attempt, Duration delay, Failure cause) { events.add("retry:" + type); }
}
