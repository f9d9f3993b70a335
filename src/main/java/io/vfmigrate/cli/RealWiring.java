package io.vfmigrate.cli;

import io.vfmigrate.adapters.process.ProcfsProcessTable;
import io.vfmigrate.adapters.store.StateStore;
import io.vfmigrate.adapters.store.StoreOnDemand;
import io.vfmigrate.app.CoordinatorId;
import io.vfmigrate.app.DeadHolders;
import io.vfmigrate.app.HostConnector;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.ports.Sleeper;
import io.vfmigrate.workflow.Poll;
import io.vfmigrate.workflow.RunListener;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The composition root: real hosts, the durable state store, the system clock. The store is opened
 * when a command first uses it and created by its first write only (see {@link StoreOnDemand}).
 */
final class RealWiring implements Wiring, AutoCloseable {
    private RunSignals signals;

    @Override public synchronized RunSignals signals(java.io.PrintWriter err) {
        if (signals == null) signals = RunSignals.install(err);
        return signals;
    }

    @Override public boolean terminal() { return true; }

    @Override public void logRuns(GlobalOptions options) {
        StateStore.directory(options.state().orElse(null)).ifPresent(LogSetup::toDirectory);
    }

    static final Duration GUEST_TIMEOUT = Duration.ofSeconds(10);
    private final HostConnector connector;
    private final Clock clock;
    private final Sleeper sleeper;
    private final java.util.Map<String, StoreOnDemand> stores = new java.util.LinkedHashMap<>();
    private final List<RunListener> runListeners;
    /** One source for every service of this process: `serve` runs several evacuations at once. */
    private final RunIds runIds;

    RealWiring() { this(List.of()); }

    RealWiring(List<RunListener> runListeners) {
        this(new RealHostConnector(), Clock.systemUTC(), Sleeper.SYSTEM, runListeners);
    }

    /** Tests give fake hosts and a fake clock; the store and everything else are the real ones. */
    RealWiring(HostConnector connector, Clock clock, Sleeper sleeper) { this(connector, clock, sleeper, List.of()); }

    private RealWiring(HostConnector connector, Clock clock, Sleeper sleeper, List<RunListener> runListeners) {
        this.connector = connector;
        this.clock = clock;
        this.sleeper = sleeper;
        this.runListeners = List.copyOf(runListeners);
        this.runIds = new RunIds(clock);
    }

    @Override public List<RunListener> runListeners() { return runListeners; }

    public Services services(Inventory inventory, WorkflowLoader workflows, GlobalOptions options) {
        Duration leaseTtl = options.leaseTtl();
        StoreOnDemand store = store(options);
        var processes = new ProcfsProcessTable();
        String host = hostName();
        return new Services(inventory, connector, workflows, store.journal(), store.leases(), clock,
                new Poll(clock, sleeper), CoordinatorId.current(host, processes).toString(), runIds,
                GUEST_TIMEOUT, leaseTtl, new DeadHolders(host, processes),
                store.hostFlags(), store.moveSlots(), store.maintenances());
    }

    /** One store per location for the process: `serve` shares it between its services and its scheduler. */
    public synchronized StoreOnDemand store(GlobalOptions options) {
        String location = options.state().orElse("");
        StoreOnDemand store = stores.get(location);
        if (store == null) {
            store = StateStore.onDemand(location.isEmpty() ? null : location, clock);
            stores.put(location, store);
        }
        return store;
    }

    /** The host part of a coordinator's id (HOST:PID:START): a holder on this host whose process is gone is taken over at once. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replace(':', '_');
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    @Override public void close() {
        stores.values().forEach(StoreOnDemand::close);
        connector.close();
    }
}
