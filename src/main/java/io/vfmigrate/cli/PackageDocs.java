package io.vfmigrate.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes what the Debian package ships beside the jar and cannot keep as a source file, at build time
 * ({@code mvn package} runs it): from the command model, a man page per command,
 * {@code man1/vfmigrate*.1.gz}, and the bash completion, {@code bash-completion/vfmigrate}; and the
 * package's one-entry {@code changelog.gz} for this version (gzip at its best compression, no timestamp).
 */
public final class PackageDocs {
    private static final byte MAX_COMPRESSION = 2;
    private static final byte UNIX = 3;

    private PackageDocs() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) throw new IllegalArgumentException("usage: PackageDocs OUTPUT-DIRECTORY MAINTAINER");
        write(Path.of(args[0]));
        Path changelog = Path.of(args[0], "changelog.gz");
        gzip(changelog, changelog(VersionProvider.version(), args[1], ZonedDateTime.now(ZoneOffset.UTC)));
    }

    /** The Debian version of a Maven one, as the package gets it: {@code 0.1.0-SNAPSHOT} sorts before {@code 0.1.0}. */
    static String debianVersion(String version) {
        return version.replaceFirst("-SNAPSHOT$", "~SNAPSHOT").replaceAll("[^.+~A-Za-z0-9]", "+");
    }

    static String changelog(String version, String maintainer, ZonedDateTime at) {
        return "vfmigrate (" + debianVersion(version) + ") unstable; urgency=medium\n\n"
                + "  * Built from the vfmigrate source tree; the changes are in its history.\n\n"
                + " -- " + maintainer + "  " + DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT).format(at) + "\n";
    }

    /** The files written, under {@code directory}. */
    static List<Path> write(Path directory) throws IOException {
        CommandLine root = Commands.create((inventory, workflows, options) -> {
            throw new IllegalStateException("the documentation runs no command");
        });
        List<Path> written = new ArrayList<>();
        Path man = Files.createDirectories(directory.resolve("man1"));
        try (var old = Files.newDirectoryStream(man, "*.1.gz")) {
            for (Path page : old) Files.delete(page); // a command gone since the last build has no page
        }
        String version = VersionProvider.version();
        for (CommandLine command : commands(root)) {
            Path page = man.resolve(ManPage.name(command.getCommandSpec()) + ".1.gz");
            gzip(page, ManPage.of(command.getCommandSpec(), version));
            written.add(page);
        }
        Path completion = Files.createDirectories(directory.resolve("bash-completion")).resolve("vfmigrate");
        // bash-completion sources the file: it is no script of its own to run
        Files.writeString(completion, AutoComplete.bash("vfmigrate", root).replaceFirst("^#!.*\n", ""));
        written.add(completion);
        return written;
    }

    /** {@code root} and every visible subcommand under it, depth first; an alias is the same command. */
    private static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        root.getSubcommands().values().stream().distinct()
                .filter(sub -> !sub.getCommandSpec().usageMessage().hidden())
                .forEach(sub -> all.addAll(commands(sub)));
        return all;
    }

    /**
     * {@code gzip -9n}: no name, no time, and a header that says maximum compression and Unix (Debian's
     * tools read these two bytes; java.util.zip's GZIPOutputStream leaves them 0).
     */
    static void gzip(Path file, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(data);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, MAX_COMPRESSION, UNIX});
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            try (DeflaterOutputStream deflate = new DeflaterOutputStream(nonClosing(out), deflater)) {
                deflate.write(data);
            } finally {
                deflater.end();
            }
            out.write(littleEndian((int) crc.getValue()));
            out.write(littleEndian(data.length));
        }
    }

    private static byte[] littleEndian(int v) { return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)}; }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

            @Override public void close() throws IOException { flush(); }
        };
    }
}
