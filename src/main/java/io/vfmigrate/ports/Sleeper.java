package io.vfmigrate.ports;

import java.time.Duration;

/** Waiting, as a port: production sleeps, tests advance a fake clock. */
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());
}
