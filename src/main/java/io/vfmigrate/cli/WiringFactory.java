package io.vfmigrate.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import picocli.CommandLine;

/**
 * Builds the command classes for picocli: one with a constructor taking the {@link Wiring} gets it,
 * any other class (a command without wiring, a mixin, a converter) is built as picocli would. A new
 * subcommand needs no line here.
 */
final class WiringFactory implements CommandLine.IFactory {
    private final Wiring wiring;

    WiringFactory(Wiring wiring) { this.wiring = wiring; }

    @Override public <K> K create(Class<K> cls) throws Exception {
        Constructor<K> wired;
        try {
            wired = cls.getDeclaredConstructor(Wiring.class);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(cls);
        }
        wired.trySetAccessible();
        try {
            return wired.newInstance(wiring);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
