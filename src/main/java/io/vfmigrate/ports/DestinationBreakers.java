package io.vfmigrate.ports;

import java.util.Set;

/**
 * A circuit breaker per destination host during an evacuation: consecutive failed runs towards one
 * destination open its breaker, and no more VMs are sent there.
 */
public interface DestinationBreakers {
    /** False once the destination's breaker is open. */
    boolean allows(String destination);

    void succeeded(String destination);

    void failed(String destination);

    /** The destinations whose breaker is open. */
    Set<String> open();
}
