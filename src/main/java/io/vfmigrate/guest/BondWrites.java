package io.vfmigrate.guest;

import io.vfmigrate.model.GuestInterfaceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * A change to a guest bond as writes to its sysfs files, in order, which the agent makes itself (a few ms each,
 * no guest process), and as the one iproute2 command that does the same where the guest does not let the agent
 * write files. The kernel applies either through the same bonding options.
 */
record BondWrites(List<Write> writes, List<String> command) {
    record Write(String path, String value) {}

    static BondWrites enslave(GuestInterfaceName bond, GuestInterfaceName dev) {
        return new BondWrites(List.of(write(bond, "slaves", "+" + dev.value())), GuestCommands.enslave(dev, bond));
    }

    static BondWrites primary(GuestInterfaceName bond, GuestInterfaceName dev) {
        return new BondWrites(List.of(write(bond, "primary", dev.value())), GuestCommands.primary(bond, dev));
    }

    /**
     * Switching to {@code dev} with all_slaves_active on turns that on first, so that frames still arriving on the slave
     * being left are delivered from the start; turning it off comes last, once {@code dev} is active.
     */
    static BondWrites switchActive(GuestInterfaceName bond, GuestInterfaceName dev, boolean alsoPrimary, Optional<Boolean> allSlavesActive) {
        List<Write> writes = new ArrayList<>();
        if (allSlavesActive.orElse(false)) writes.add(write(bond, "all_slaves_active", "1"));
        if (alsoPrimary) writes.add(write(bond, "primary", dev.value()));
        writes.add(write(bond, "active_slave", dev.value()));
        if (allSlavesActive.isPresent() && !allSlavesActive.get()) writes.add(write(bond, "all_slaves_active", "0"));
        return new BondWrites(List.copyOf(writes), GuestCommands.switchActive(bond, dev, alsoPrimary, allSlavesActive));
    }

    /** Writes each file with {@code writeFile} (false: the guest does not allow it), else runs the command. */
    void apply(BiPredicate<String, String> writeFile, Consumer<List<String>> run) {
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            if (writeFile.test(w.path(), w.value())) continue;
            if (i > 0) throw new IllegalStateException("the guest agent refused to write " + w.path() + " after writing " + writes.get(0).path());
            run.accept(command);
            return;
        }
    }

    private static Write write(GuestInterfaceName bond, String attribute, String value) {
        return new Write(GuestCommands.bondFile(bond, attribute), value);
    }
}
