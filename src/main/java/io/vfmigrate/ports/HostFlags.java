package io.vfmigrate.ports;

import java.time.Instant;
import java.util.Map;

/**
 * Hosts taken out of placement (being evacuated, in maintenance), kept in the state store so that every
 * coordinator sharing it sees them. Enabling or disabling twice is harmless.
 */
public interface HostFlags {
    /** The disabled hosts by name. */
    Map<String, Disabled> disabled();

    void disable(String host, String reason, String by);

    void enable(String host);

    record Disabled(String host, String reason, String by, Instant since) {}
}
