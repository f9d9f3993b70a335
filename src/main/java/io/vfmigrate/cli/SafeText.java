package io.vfmigrate.cli;

import io.vfmigrate.model.Printable;
import java.io.PrintWriter;

/**
 * Text rows whose values come from outside vfmigrate (domain names, libvirt's errors, reasons an operator typed,
 * the journal): every value is printed through {@link Printable#clean}, so a control, bidi or zero-width
 * character reaches the terminal escaped, whichever row prints it. Numbers are printed as they are.
 */
public final class SafeText {
    private SafeText() {}

    public static void printf(PrintWriter out, String format, Object... values) {
        Object[] clean = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            clean[i] = v instanceof Number || v instanceof Boolean ? v : Printable.clean(v);
        }
        out.printf(format, clean);
    }
}
