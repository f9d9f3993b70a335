package io.vfmigrate.adapters.store;

import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.model.Schedule;
import io.vfmigrate.ports.HostFlags;
import io.vfmigrate.ports.Maintenances;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.ports.MoveSlots;
import io.vfmigrate.ports.Schedules;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The state store as a command uses it: opened on first use, and created only by the first write
 * (a run recorded, a lease taken). Reads of a store that does not exist see an empty one; releasing
 * or renewing nothing creates nothing. So a refused command, a dry run, {@code runs} and {@code show}
 * leave no directory, file or table behind. Safe for several threads.
 */
public final class StoreOnDemand implements AutoCloseable {
    private final StoreLocation where;
    private final Clock clock;
    private final Journal journal = new DeferredJournal();
    private final HostFlags hostFlags = new DeferredHostFlags();
    private final Leases leases = new DeferredLeases();
    private final Schedules schedules = new DeferredSchedules();
    private final MoveSlots moveSlots = new DeferredMoveSlots();
    private final Maintenances maintenances = new DeferredMaintenances();
    private StateStore store;

    StoreOnDemand(StoreLocation where, Clock clock) {
        this.where = where;
        this.clock = clock;
    }

    public Journal journal() { return journal; }

    public Leases leases() { return leases; }

    public HostFlags hostFlags() { return hostFlags; }

    public Schedules schedules() { return schedules; }

    public MoveSlots moveSlots() { return moveSlots; }

    public Maintenances maintenances() { return maintenances; }

    /**
     * Connections of their own to the store, for db-scheduler; the store is created first (with its
     * tables), so only commands that write (`schedule add`, `serve`) ask for it.
     */
    public javax.sql.DataSource dataSource() {
        created();
        return new StoreDataSource(where);
    }

    /** The store's place for messages: the database file, or the URL without its password. */
    public String location() { return where.display(); }

    /** Whether it was opened (and so exists). */
    public synchronized boolean isOpen() { return store != null; }

    private synchronized Optional<StateStore> existing() {
        if (store == null) store = StateStore.openExisting(where, clock).orElse(null);
        return Optional.ofNullable(store);
    }

    private synchronized StateStore created() {
        if (store == null) {
            where.prepare();
            store = StateStore.open(where, clock);
        }
        return store;
    }

    @Override public synchronized void close() {
        if (store != null) store.close();
    }

    private final class DeferredJournal implements Journal {
        /** A fence exists only once a lease was taken, which created the store. */
        public Journal fenced(Leases.Fence fence) { return created().journal().fenced(fence); }

        public void create(RunRecord run) { created().journal().create(run); }

        public void append(String runId, JournalEntry entry) { opened(runId).journal().append(runId, entry); }

        public void updateState(String runId, RunState state) { opened(runId).journal().updateState(runId, state); }

        public Optional<RunRecord> find(String runId) { return existing().flatMap(s -> s.journal().find(runId)); }

        public List<JournalEntry> entries(String runId) { return opened(runId).journal().entries(runId); }

        public List<RunRecord> runs(boolean all) { return existing().map(s -> s.journal().runs(all)).orElse(List.of()); }

        public List<RunRecord> runsOf(String vm) { return existing().map(s -> s.journal().runsOf(vm)).orElse(List.of()); }

        private StateStore opened(String runId) {
            return existing().orElseThrow(() -> new IllegalStateException("no run " + runId + ": the state store " + location() + " does not exist"));
        }
    }

    private final class DeferredLeases implements Leases {
        public Optional<Holder> acquire(String key, String runId, String coordinator, Duration ttl) {
            return created().leases().acquire(key, runId, coordinator, ttl);
        }

        public Optional<Holder> takeOver(String key, Holder dead, String runId, String coordinator, Duration ttl) {
            return created().leases().takeOver(key, dead, runId, coordinator, ttl);
        }

        public Optional<Fence> fence(String key, String runId, String coordinator) {
            return existing().flatMap(s -> s.leases().fence(key, runId, coordinator));
        }

        public boolean renew(Fence fence, Duration ttl) { return existing().map(s -> s.leases().renew(fence, ttl)).orElse(false); }

        public void release(Fence fence) { existing().ifPresent(s -> s.leases().release(fence)); }

        public void release(String key, String runId) { existing().ifPresent(s -> s.leases().release(key, runId)); }

        public void releaseAll(String runId) { existing().ifPresent(s -> s.leases().releaseAll(runId)); }

        public Optional<Holder> holder(String key) { return existing().flatMap(s -> s.leases().holder(key)); }
    }

    /** Adding a schedule creates the store; reading and removing never do. */
    private final class DeferredSchedules implements Schedules {
        public void add(Schedule s) { created().schedules().add(s); }

        public List<Schedule> all() { return existing().map(s -> s.schedules().all()).orElse(List.of()); }

        public Optional<Schedule> find(String id) { return existing().flatMap(s -> s.schedules().find(id)); }

        public boolean remove(String id) { return existing().map(s -> s.schedules().remove(id)).orElse(false); }

        public void running(String id, java.time.Instant planned) { existing().ifPresent(s -> s.schedules().running(id, planned)); }

        public void finished(String id, Schedule.LastRun last) { existing().ifPresent(s -> s.schedules().finished(id, last)); }
    }

    /** Disabling a host creates the store; reading and enabling never do. */
    private final class DeferredHostFlags implements HostFlags {
        public java.util.Map<String, Disabled> disabled() { return existing().map(s -> s.hostFlags().disabled()).orElse(java.util.Map.of()); }

        public void disable(String host, String reason, String by) { created().hostFlags().disable(host, reason, by); }

        public void enable(String host) { existing().ifPresent(s -> s.hostFlags().enable(host)); }
    }

    /** Taking a slot creates the store (its holder's lease did already); reading and releasing never do. */
    private final class DeferredMoveSlots implements MoveSlots {
        public Optional<String> take(Slot slot, int cap, int maxPerDestination) { return created().moveSlots().take(slot, cap, maxPerDestination); }

        public void release(String holder, String vm) { existing().ifPresent(s -> s.moveSlots().release(holder, vm)); }

        public void releaseAll(String holder) { existing().ifPresent(s -> s.moveSlots().releaseAll(holder)); }

        public List<Slot> live() { return existing().map(s -> s.moveSlots().live()).orElse(List.of()); }
    }

    /** Reads find nothing in a store that does not exist; opening a record creates it. */
    private final class DeferredMaintenances implements Maintenances {
        public boolean open(Maintenance m) { return created().maintenances().open(m); }

        public Optional<Maintenance> openOn(String host) { return existing().flatMap(s -> s.maintenances().openOn(host)); }

        public Optional<Maintenance> find(String id) { return existing().flatMap(s -> s.maintenances().find(id)); }

        public List<Maintenance> list(boolean all) { return existing().map(s -> s.maintenances().list(all)).orElse(List.of()); }

        public void evacuation(String id, String evacuationId) { created().maintenances().evacuation(id, evacuationId); }

        public void origin(String id, Origin origin) { created().maintenances().origin(id, origin); }

        public void entered(String id, java.time.Instant at) { created().maintenances().entered(id, at); }

        public void returning(String id, String returnId) { created().maintenances().returning(id, returnId); }

        public void close(String id, java.time.Instant at, String how) { created().maintenances().close(id, at, how); }
    }
}
