package io.vfmigrate.app;

import io.vfmigrate.config.Inventory;
import io.vfmigrate.ports.Host;

/** Builds the ports of an inventory host (libvirt, agent, shell, VF pools); fakes in tests. */
public interface HostConnector extends AutoCloseable {
    Host connect(Inventory.HostConfig config);

    @Override default void close() {}
}
