package io.vfmigrate.cli;

import io.vfmigrate.adapters.store.InMemoryJournal;
import io.vfmigrate.adapters.store.InMemoryLeases;
import io.vfmigrate.app.Services;
import io.vfmigrate.ports.Sleeper;
import io.vfmigrate.workflow.Poll;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        RealHostConnector connector = new RealHostConnector();
        int code;
        try {
            code = Commands.create(wiring(connector)).execute(args);
        } finally {
            connector.close();
        }
        System.exit(code);
    }

    static Wiring wiring(RealHostConnector connector) {
        return (inventory, workflows, options) -> {
            Clock clock = Clock.systemUTC();
            return new Services(inventory, connector, workflows, new InMemoryJournal(clock), new InMemoryLeases(clock), clock,
                    new Poll(clock, Sleeper.SYSTEM), coordinator(), () -> runId(clock), Duration.ofSeconds(10), Duration.ofSeconds(60));
        };
    }

    private static String runId(Clock clock) {
        return "r" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC).format(clock.instant())
                + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    private static String coordinator() {
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid();
        } catch (java.net.UnknownHostException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }
}
