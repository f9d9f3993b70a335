package io.vfmigrate.guest;

import io.vfmigrate.model.GuestInterfaceName;
import java.util.List;
import java.util.Optional;

/** A guest bond as read from /sys/class/net/BOND/bonding ({@code allSlavesActive}: all_slaves_active is 1). */
public record BondState(GuestInterfaceName bond, String mode, Optional<GuestInterfaceName> activeSlave,
                        Optional<GuestInterfaceName> primary, List<GuestInterfaceName> slaves, boolean allSlavesActive) {
    public boolean isActiveBackup() { return mode.startsWith("active-backup"); }

    public boolean isActive(GuestInterfaceName slave) { return activeSlave.map(slave::equals).orElse(false); }
}
