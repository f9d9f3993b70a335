package io.vfmigrate.app.run;

import static io.vfmigrate.model.Printable.clean;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every run event in the log (quiet unless the log level is info or debug); failure texts escaped (guest and host output). */
public final class LoggingListener implements RunListener {
    private static final Logger LOG = LoggerFactory.getLogger("io.vfmigrate.run");

    public void preflightWarnings(RunRecord r, java.util.List<String> w) { w.forEach(x -> LOG.warn("run {} {}: preflight warning: {}", r.id(), r.vm(), x)); }
    public void stateChanged(RunRecord r, RunState from, RunState to) { LOG.info("run {} {}: {} -> {}", r.id(), r.vm(), from, to); }
    public void stepStarted(RunRecord r, int i, String t) { LOG.info("run {} step {} {} started", r.id(), i + 1, t); }
    public void compensationRegistered(RunRecord r, int i, String t) { LOG.debug("run {} step {} {}: undo registered", r.id(), i + 1, t); }
    public void stepSucceeded(RunRecord r, int i, String t, Duration d, Map<String, String> f) {
        LOG.info("run {} step {} {} done in {} ms", r.id(), i + 1, t, d.toMillis());
        LOG.debug("run {} step {} {} learned {}", r.id(), i + 1, t, clean(f));
    }
    public void stepFailed(RunRecord r, int i, String t, Failure x, Map<String, String> f) { LOG.warn("run {} step {} {} failed: {}", r.id(), i + 1, t, clean(x.message())); }
    public void compensationStarted(RunRecord r, int i, String t) { LOG.info("run {} undoing step {} {}", r.id(), i + 1, t); }
    public void compensationSucceeded(RunRecord r, int i, String t, Duration d, Map<String, String> f) { LOG.info("run {} undid step {} {} in {} ms", r.id(), i + 1, t, d.toMillis()); }
    public void compensationFailed(RunRecord r, int i, String t, Failure x, Map<String, String> f) { LOG.error("run {} undo of step {} {} failed: {}", r.id(), i + 1, t, clean(x.message())); }
    public void recovering(RunRecord r, int i, String t, int a, Duration d, Failure c) { LOG.warn("run {} retrying step {} {} (attempt {}, after {} ms): {}", r.id(), i + 1, t, a, d.toMillis(), clean(c.message())); }
    public void needsOperator(RunRecord r, List<String> leftovers, Map<String, String> facts) { LOG.error("run {} needs an operator; left: {}", r.id(), clean(leftovers)); }
}
