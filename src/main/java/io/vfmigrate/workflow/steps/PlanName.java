package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestCommands;
import io.vfmigrate.model.GuestInterfaceName;
import java.util.List;

/** Renders a guest command for a plan when the interface name is only known once the step runs. */
record PlanName(String shown) {
    static final GuestInterfaceName PLACEHOLDER = new GuestInterfaceName("IFACE_");

    String render(List<String> argv) {
        return GuestCommands.render(argv.stream().map(a -> a.equals(PLACEHOLDER.value()) ? shown : a).toList());
    }
}
