package io.vfmigrate.cli;

import io.vfmigrate.config.PrivateFiles;
import io.vfmigrate.model.Printable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.MDC;

/**
 * The one logging backend, java.util.logging behind SLF4J: one line per event with the run id and
 * the VM (SLF4J's MDC), on stderr at the chosen level, and for runs of a directory store at info
 * level to {@code logs/vfmigrate.N.log} in the state directory, rotated at 5 MiB, 5 files; the directory
 * 0700 and its files 0600, whatever the umask.
 */
final class LogSetup {
    static final int FILE_LIMIT_BYTES = 5 * 1024 * 1024;
    static final int FILE_COUNT = 5;
    private static volatile boolean toFile;

    private LogSetup() {}

    /** level: trace, debug, info, warn or error (anything else: warn). */
    static void configure(String level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Level l = level(level);
        root.setLevel(l.intValue() < Level.INFO.intValue() ? l : Level.INFO);
        Handler console = new ConsoleHandler(); // System.err
        console.setLevel(l);
        console.setFormatter(new OneLine());
        root.addHandler(console);
        Logger.getLogger("org.libvirt").setLevel(Level.WARNING);
    }

    /** Adds the rotating file of the state directory (once per process). */
    static synchronized void toDirectory(Path stateDirectory) {
        if (toFile) return;
        try {
            FileHandler file = new OwnerOnlyFileHandler(stateDirectory.resolve("logs"), FILE_LIMIT_BYTES, FILE_COUNT);
            file.setLevel(Level.INFO);
            file.setFormatter(new OneLine());
            Logger.getLogger("").addHandler(file);
            toFile = true;
        } catch (IOException e) {
            Logger.getLogger(LogSetup.class.getName()).warning("no log file in " + stateDirectory + ": " + e.getMessage());
        } catch (UncheckedIOException | SecurityException e) {
            Logger.getLogger(LogSetup.class.getName()).warning("no log file in " + stateDirectory + ": " + e.getMessage());
        }
    }

    /**
     * FileHandler creates its files (the lock file, the first log, a new one at each rotation) with the
     * umask's mode: each is made 0600 once opened, inside a logs directory created 0700.
     */
    static final class OwnerOnlyFileHandler extends FileHandler {
        private final Path directory;

        OwnerOnlyFileHandler(Path directory, int limitBytes, int count) throws IOException {
            super(PrivateFiles.createDirectories(directory).resolve("vfmigrate.%g.log").toString(), limitBytes, count, true);
            this.directory = directory;
            restrictFiles();
        }

        /** FileHandler's way to a newly opened file; during its constructor {@code directory} is still null. */
        @Override protected synchronized void setOutputStream(OutputStream out) {
            super.setOutputStream(out);
            if (directory != null) restrictFiles();
        }

        private void restrictFiles() {
            try (var files = Files.list(directory)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("vfmigrate.")).toList()) {
                    try {
                        PrivateFiles.restrict(f);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // rotated away by another process meanwhile
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                reportError("cannot make the log files of " + directory + " owner-only: " + e.getMessage(), null, java.util.logging.ErrorManager.OPEN_FAILURE);
            }
        }
    }

    static Level level(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "error" -> Level.SEVERE;
            default -> Level.WARNING;
        };
    }

    /** {@code TIME LEVEL [run=ID vm=NAME] logger: message}, one line (line breaks in the message escaped). */
    static final class OneLine extends Formatter {
        @Override public String format(LogRecord r) {
            String run = MDC.get("run");
            String vm = MDC.get("vm");
            String where = run == null && vm == null ? "" : " [run=" + (run == null ? "-" : Printable.clean(run)) + " vm="
                    + (vm == null ? "-" : Printable.clean(vm)) + "]";
            String message = formatMessage(r);
            if (r.getThrown() != null) message += " (" + r.getThrown() + ")";
            // a message quotes names and errors from hosts and guests: every unsafe character escaped, line breaks too
            return Instant.ofEpochMilli(r.getMillis()) + " " + name(r.getLevel()) + where + " " + r.getLoggerName() + ": "
                    + Printable.clean(message) + System.lineSeparator();
        }

        private static String name(Level l) {
            if (l.intValue() >= Level.SEVERE.intValue()) return "ERROR";
            if (l.intValue() >= Level.WARNING.intValue()) return "WARN";
            if (l.intValue() >= Level.INFO.intValue()) return "INFO";
            return "DEBUG";
        }
    }
}
