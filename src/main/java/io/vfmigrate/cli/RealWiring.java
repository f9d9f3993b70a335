package io.vfmigrate.cli;

import io.vfmigrate.adapters.store.StateStore;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.ports.Sleeper;
import io.vfmigrate.workflow.Poll;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** The composition root: real hosts, the durable state store, the system clock. */
final class RealWiring implements Wiring, AutoCloseable {
    static final Duration GUEST_TIMEOUT = Duration.ofSeconds(10);
    private final RealHostConnector connector = new RealHostConnector();
    private final Clock clock = Clock.systemUTC();
    private StateStore store;

    public Services services(Inventory inventory, WorkflowLoader workflows, GlobalOptions options) {
        store = StateStore.open(options.state().orElse(null), clock);
        return new Services(inventory, connector, workflows, store.journal(), store.leases(), clock,
                new Poll(clock, Sleeper.SYSTEM), coordinator(), this::runId, GUEST_TIMEOUT, options.leaseTtl(), store.hostFlags());
    }

    private String runId() {
        return "r" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(clock.instant())
                + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    private static String coordinator() {
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid();
        } catch (java.net.UnknownHostException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }

    @Override public void close() {
        if (store != null) store.close();
        connector.close();
    }
}
