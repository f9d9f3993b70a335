package io.vfmigrate.app.run;

import io.vfmigrate.app.Services;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.Host;
import java.util.ArrayList;
import java.util.List;

/** Finds the one inventory host the VM runs on (for an offline move: is defined and shut off on), when --from is not given. */
record VmLocator(Services s) {
    Host locate(String vm, boolean offline) {
        List<Host> found = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        for (Inventory.HostConfig h : s.inventory().hosts().values()) {
            try {
                Host host = s.connector().connect(h);
                var state = host.hypervisor().domainState(vm);
                if (offline ? state.isPresent() && !state.isActive() : host.hypervisor().isActive(vm)) found.add(host);
            } catch (FailureException e) {
                unreachable.add(h.name() + " (" + e.failure().message() + ")");
            }
        }
        if (found.isEmpty()) {
            throw new ConfigException("VM '" + vm + "' " + (offline ? "is shut off" : "runs") + " on no reachable host of the inventory " + s.inventory().source()
                    + (unreachable.isEmpty() ? "" : "; unreachable: " + String.join(", ", unreachable)) + "; name its host with --from");
        }
        if (found.size() > 1) throw new ConfigException("VM '" + vm + "' runs on several hosts: " + found + "; name one with --from");
        return found.get(0);
    }
}
