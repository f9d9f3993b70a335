package io.vfmigrate.app;

import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.workflow.Engine;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import io.vfmigrate.workflow.RunProgress;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.WorkflowDefinition;
import io.vfmigrate.workflow.steps.StepTypes;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The `resume` and `rollback` use cases: a run left open (by a dead coordinator, or needing an
 * operator) is rebuilt from the journal and taken over once its lease has expired.
 */
public final class OpenRun {
    private final Services s;

    public OpenRun(Services services) { this.s = services; }

    public RunOutcome resume(String runId, List<RunListener> listeners) {
        return takeOver(runId, listeners, (engine, r) -> r.progress().record().state() == io.vfmigrate.model.RunState.COMPENSATING
                ? engine.compensateAll(r.progress(), r.ctx())
                : engine.execute(r.progress(), r.ctx(), r.workflow().recovery()));
    }

    public RunOutcome rollback(String runId, List<RunListener> listeners) {
        return takeOver(runId, listeners, (engine, r) -> engine.compensateAll(r.progress(), r.ctx()));
    }

    record Rebuilt(RunProgress progress, RunContext ctx, WorkflowDefinition workflow) {}

    private RunOutcome takeOver(String runId, List<RunListener> listeners, BiFunction<Engine, Rebuilt, RunOutcome> action) {
        RunRecord record = s.journal().find(runId).orElseThrow(() -> new ConfigException("no run '" + runId + "' in the journal"));
        if (!record.state().isOpen()) throw new ConfigException("run " + runId + " is " + record.state() + ": nothing to resume or roll back");
        if (EvacuationRecord.isEvacuation(record)) {
            throw new ConfigException("run " + runId + " is an evacuation: `vfmigrate resume " + runId + "` goes on with it; its VMs' runs,"
                    + " listed by `vfmigrate show " + runId + "`, are resumed or rolled back one by one");
        }
        Optional<Leases.Holder> holder = s.leases().acquire(Leases.vmKey(record.vm()), runId, s.coordinator(), s.leaseTtl());
        if (holder.isPresent()) {
            throw new ConfigException("run " + runId + " is still alive: " + holder.get().describe() + "; retry once that lease expired");
        }
        Rebuilt rebuilt = rebuild(record);
        rebuilt.ctx().vfs().forEach(v -> v.destinationVf().ifPresent(rebuilt.ctx().reservations()::reserve));
        return RunExecution.run(s, runId, listeners, engine -> action.apply(engine, rebuilt));
    }

    private Rebuilt rebuild(RunRecord record) {
        String text = record.params().get("workflow.text");
        WorkflowDefinition workflow = text != null ? s.workflows().parse("journaled workflow of run " + record.id(), text)
                : s.workflows().load(record.workflow());
        List<Step> steps = StepTypes.build(workflow.steps());
        RunReplay replay = new RunReplay(s.journal().entries(record.id()));
        Host source = s.connector().connect(s.inventory().host(record.source()));
        Host destination = s.connector().connect(s.inventory().host(record.destination()));
        RunContext ctx = new RunContext(record.id(), record.vm(), source, destination, replay.facts(), s.poll(),
                new LeaseReservations(s.leases(), record.id(), s.coordinator(), s.leaseTtl()), s.guestTimeout());
        return new Rebuilt(replay.progress(record, steps), ctx, workflow);
    }
}
