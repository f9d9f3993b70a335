package io.vfmigrate.cli.schedule;

import sun.misc.Signal;

/**
 * `serve`'s own SIGTERM and SIGINT handling (a single `migrate` has its own): the first asks for a
 * clean stop, a second one stops at once (everything done so far is journaled before it acted, so
 * `resume` goes on from there).
 */
final class ServeSignals {
    private ServeSignals() {}

    static void install(Runnable first, Runnable second) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> {
                if (count.incrementAndGet() == 1) first.run();
                else second.run();
            });
        }
    }
}
