package io.vfmigrate.ports;

import java.util.OptionalLong;

/** The processes of this machine, as far as lease holders need them. */
public interface ProcessTable {
    /** The start time of process {@code pid} (in the kernel's clock ticks since boot), or empty when there is none. */
    OptionalLong startTime(long pid);
}
