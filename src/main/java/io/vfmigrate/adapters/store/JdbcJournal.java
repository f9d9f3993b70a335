package io.vfmigrate.adapters.store;

import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.LeaseLostException;
import io.vfmigrate.ports.Leases;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The journal in the {@link StateStore}: every write is committed when the method returns. A fenced
 * journal checks (and locks) the run's lease row in the transaction of each write.
 */
public final class JdbcJournal implements Journal {
    private static final String RUN_COLUMNS =
            "id, vm, source, destination, workflow, params, state, coordinator, created_ns, updated_ns";
    private static final List<String> OPEN_STATES =
            Arrays.stream(RunState.values()).filter(RunState::isOpen).map(Enum::name).toList();

    private final Database db;
    private final Clock clock;
    private final Leases.Fence fence;

    JdbcJournal(Database db, Clock clock) { this(db, clock, null); }

    private JdbcJournal(Database db, Clock clock, Leases.Fence fence) {
        this.db = db;
        this.clock = clock;
        this.fence = fence;
    }

    public Journal fenced(Leases.Fence fence) { return new JdbcJournal(db, clock, fence); }

    /** Runs a write, inside one transaction with the fence check when this journal is fenced. */
    private int write(String what, String runId, Database.Work<Integer> work) {
        if (fence == null) return db.call(what, work);
        if (!fence.runId().equals(runId)) throw new IllegalStateException("a journal fenced for run " + fence.runId() + " written for run " + runId);
        int written = db.transaction(what, c -> JdbcLeases.holds(c, fence) ? work.run(c) : -1);
        if (written == -1) {
            throw new LeaseLostException(runId, db.call("read the lease " + fence.key(), c -> JdbcLeases.owner(c, fence.key())),
                    find(runId).map(r -> r.state().name()));
        }
        return written;
    }

    public void create(RunRecord run) {
        int inserted = write("record run " + run.id(), run.id(), c -> Rows.update(c,
                "INSERT INTO runs (" + RUN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                run.id(), run.vm(), run.source(), run.destination(), run.workflow(), JsonMaps.write(run.params()),
                run.state().name(), run.coordinator(), run.created(), run.updated()));
        if (inserted == 0) throw new IllegalStateException("run " + run.id() + " exists already");
    }

    public void append(String runId, JournalEntry entry) {
        int inserted = write("journal an entry of run " + runId, runId, c -> Rows.update(c,
                "INSERT INTO journal_entries (run_id, at_ns, kind, step, step_type, detail, facts)"
                        + " SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM runs WHERE id = ?)",
                runId, entry.at(), entry.kind().name(), entry.step(), entry.stepType(), entry.detail(),
                JsonMaps.write(entry.facts()), runId));
        if (inserted == 0) throw noRun(runId);
    }

    public void updateState(String runId, RunState state) {
        RunRecord current = find(runId).orElseThrow(() -> noRun(runId));
        if (current.state() == state) return;
        RunRecord next = current.withState(state, clock.instant());
        // conditional on the state we read, so that a concurrent change is noticed, not overwritten
        int updated = write("record the state of run " + runId, runId, c -> Rows.update(c,
                "UPDATE runs SET state = ?, updated_ns = ? WHERE id = ? AND state = ?",
                next.state().name(), next.updated(), runId, current.state().name()));
        if (updated == 0) {
            throw new IllegalStateException("run " + runId + " left state " + current.state() + " while it was moved to " + state);
        }
    }

    public Optional<RunRecord> find(String runId) {
        return db.call("read run " + runId, c -> Rows.query(c,
                "SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?", JdbcJournal::run, runId)).stream().findFirst();
    }

    public List<JournalEntry> entries(String runId) {
        List<JournalEntry> entries = db.call("read the journal of run " + runId, c -> Rows.query(c,
                "SELECT at_ns, kind, step, step_type, detail, facts FROM journal_entries WHERE run_id = ? ORDER BY seq",
                JdbcJournal::entry, runId));
        if (entries.isEmpty() && find(runId).isEmpty()) throw noRun(runId);
        return entries;
    }

    public List<RunRecord> runs(boolean all) {
        String openOnly = all ? "" : " WHERE state IN (" + String.join(", ", Collections.nCopies(OPEN_STATES.size(), "?")) + ")";
        Object[] args = all ? new Object[0] : OPEN_STATES.toArray();
        return db.call("list runs", c -> Rows.query(c,
                "SELECT " + RUN_COLUMNS + " FROM runs" + openOnly + " ORDER BY created_ns DESC, seq DESC", JdbcJournal::run, args));
    }

    @Override public List<RunRecord> runsOf(String vm) {
        return db.call("list the runs of " + vm, c -> Rows.query(c,
                "SELECT " + RUN_COLUMNS + " FROM runs WHERE vm = ? ORDER BY created_ns DESC, seq DESC", JdbcJournal::run, vm));
    }

    private static RunRecord run(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getString("id"), rs.getString("vm"), rs.getString("source"), rs.getString("destination"),
                rs.getString("workflow"), JsonMaps.read(rs.getString("params")), RunState.valueOf(rs.getString("state")),
                rs.getString("coordinator"), Rows.instant(rs.getLong("created_ns")), Rows.instant(rs.getLong("updated_ns")));
    }

    private static JournalEntry entry(ResultSet rs) throws SQLException {
        return new JournalEntry(Rows.instant(rs.getLong("at_ns")), JournalEntry.Kind.valueOf(rs.getString("kind")),
                rs.getInt("step"), rs.getString("step_type"), rs.getString("detail"), JsonMaps.read(rs.getString("facts")));
    }

    private static IllegalStateException noRun(String runId) { return new IllegalStateException("no run " + runId); }
}
