package io.vfmigrate.adapters.store;

import io.vfmigrate.ports.Maintenances;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** Maintenance records within one process: for tests and dry runs. */
public final class InMemoryMaintenances implements Maintenances {
    private final Map<String, Maintenance> records = new LinkedHashMap<>();
    private final Map<String, Map<String, Origin>> origins = new LinkedHashMap<>();

    public synchronized boolean open(Maintenance m) {
        if (openOn(m.host()).isPresent() || records.containsKey(m.id())) return false;
        records.put(m.id(), Maintenance.opened(m.id(), m.host(), m.since(), m.by()));
        origins.put(m.id(), new TreeMap<>());
        return true;
    }

    public synchronized Optional<Maintenance> openOn(String host) {
        return list(false).stream().filter(m -> m.host().equals(host)).findFirst();
    }

    public synchronized Optional<Maintenance> find(String id) { return Optional.ofNullable(records.get(id)).map(this::withOrigins); }

    public synchronized List<Maintenance> list(boolean all) {
        return records.values().stream().filter(m -> all || m.closed().isEmpty()).map(this::withOrigins)
                .sorted(Comparator.comparing(Maintenance::since).thenComparing(Maintenance::id).reversed()).toList();
    }

    public synchronized void evacuation(String id, String evacuationId) {
        update(id, m -> new Maintenance(m.id(), m.host(), m.since(), m.by(), Optional.of(evacuationId), m.entered(), m.returnRun(), m.closed(),
                m.closedHow(), List.of()));
    }

    public synchronized void origin(String id, Origin origin) {
        update(id, m -> m);
        origins.get(id).put(origin.vm(), origin);
    }

    public synchronized void entered(String id, Instant at) {
        update(id, m -> new Maintenance(m.id(), m.host(), m.since(), m.by(), m.evacuation(), Optional.of(at), m.returnRun(), m.closed(),
                m.closedHow(), List.of()));
    }

    public synchronized void returning(String id, String returnId) {
        update(id, m -> new Maintenance(m.id(), m.host(), m.since(), m.by(), m.evacuation(), m.entered(), Optional.of(returnId), m.closed(),
                m.closedHow(), List.of()));
    }

    public synchronized void close(String id, Instant at, String how) {
        update(id, m -> m.closed().isPresent() ? m : new Maintenance(m.id(), m.host(), m.since(), m.by(), m.evacuation(), m.entered(),
                m.returnRun(), Optional.of(at), how, List.of()));
    }

    private void update(String id, UnaryOperator<Maintenance> change) {
        Maintenance m = records.get(id);
        if (m == null) throw new IllegalStateException("no maintenance " + id);
        records.put(id, change.apply(m));
    }

    private Maintenance withOrigins(Maintenance m) {
        return new Maintenance(m.id(), m.host(), m.since(), m.by(), m.evacuation(), m.entered(), m.returnRun(), m.closed(), m.closedHow(),
                new ArrayList<>(origins.get(m.id()).values()));
    }
}
