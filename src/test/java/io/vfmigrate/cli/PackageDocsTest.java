package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The man pages and the completion of the package, generated from the command model. */
class PackageDocsTest {
    @TempDir Path dir;

    static String gunzip(Path f) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<CommandLine> tree(CommandLine c) {
        List<CommandLine> all = new ArrayList<>(List.of(c));
        c.getSubcommands().values().stream().distinct().forEach(s -> all.addAll(tree(s)));
        return all;
    }

    @Test
    void everyCommandHasAPageWithEachOfItsOptionsAndTheExitCodes() throws Exception {
        Files.createDirectories(dir.resolve("man1"));
        Files.writeString(dir.resolve("man1/vfmigrate-teleport.1.gz"), "a command of an older build");
        PackageDocs.write(dir);
        CommandLine root = Commands.create((i, w, o) -> { throw new IllegalStateException(); });
        Set<String> expected = new TreeSet<>();
        for (CommandLine c : tree(root)) {
            String name = c.getCommandSpec().qualifiedName("-");
            expected.add(name + ".1.gz");
            String page = gunzip(dir.resolve("man1").resolve(name + ".1.gz"));
            assertTrue(page.startsWith(".TH " + ManPage.text(name.toUpperCase()) + " 1 "), page);
            assertTrue(page.contains("\n.SH SYNOPSIS\n\\fB" + ManPage.text(c.getCommandSpec().qualifiedName(" ")) + "\\fR"), page);
            for (OptionSpec o : c.getCommandSpec().options()) {
                for (String n : o.names()) assertTrue(page.contains("\\fB" + ManPage.text(n) + "\\fR"), () -> name + " lacks " + n);
            }
            assertTrue(page.contains("\n.SH EXIT CODES\n") && page.contains("\\fB3\\fR\nneeds an operator"), page);
        }
        try (var files = Files.list(dir.resolve("man1"))) {
            assertEquals(expected, new TreeSet<>(files.map(f -> f.getFileName().toString()).toList()));
        }
        assertTrue(expected.containsAll(Set.of("vfmigrate.1.gz", "vfmigrate-migrate.1.gz", "vfmigrate-schedule-add.1.gz")), expected::toString);
        String top = gunzip(dir.resolve("man1/vfmigrate.1.gz"));
        assertTrue(top.contains(".TP\n\\fBmigrate\\fR\nLive\\-migrates one VM, its VFs included, to another host. See \\fBvfmigrate\\-migrate\\fR(1).\n"), top);
    }

    @Test
    void noLineOfTextIsTakenForATroffRequest() throws Exception {
        assertEquals("\\&.hidden \\e \\-\\-to", ManPage.text(".hidden \\ --to"));
        assertEquals("\\&'quoted'", ManPage.text("'quoted'"));
        PackageDocs.write(dir);
        try (var files = Files.list(dir.resolve("man1"))) {
            for (Path f : files.toList()) {
                for (String line : gunzip(f).lines().toList()) {
                    boolean request = line.startsWith(".") || line.startsWith("'");
                    assertTrue(!request || line.matches("\\.(TH|SH|TP|PP|nh|ad l) ?.*"), () -> f + ": " + line);
                }
            }
        }
    }

    @Test
    void gzipAsGzip9nWrites() throws Exception {
        Path f = dir.resolve("x.gz");
        String text = "vfmigrate ".repeat(1000);
        PackageDocs.gzip(f, text);
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(List.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3), java.util.stream.IntStream.range(0, 10).mapToObj(i -> bytes[i] & 0xff).toList(),
                "no name, no time, maximum compression, Unix");
        assertEquals(text, gunzip(f));
        assertTrue(bytes.length < 200, () -> bytes.length + " bytes");
    }

    @Test
    void theChangelogEntryHasTheDebianVersionAndAnRfc2822Date() {
        assertEquals("0.1.0~SNAPSHOT", PackageDocs.debianVersion("0.1.0-SNAPSHOT"));
        assertEquals("1.2.0", PackageDocs.debianVersion("1.2.0"));
        String entry = PackageDocs.changelog("0.1.0-SNAPSHOT", "Ops <ops@example.org>",
                java.time.ZonedDateTime.parse("2026-12-06T02:00:00Z"));
        assertTrue(entry.startsWith("vfmigrate (0.1.0~SNAPSHOT) unstable; urgency=medium\n\n  * "), entry);
        assertTrue(entry.endsWith("\n -- Ops <ops@example.org>  Sun, 06 Dec 2026 02:00:00 +0000\n"), entry);
    }

    @Test
    void theCompletionKnowsTheCommandsAndIsNoScriptOfItsOwn() throws Exception {
        PackageDocs.write(dir);
        String completion = Files.readString(dir.resolve("bash-completion/vfmigrate"));
        assertFalse(completion.startsWith("#!"), "sourced by bash-completion, not run");
        assertTrue(completion.contains("complete -F _complete_vfmigrate"), completion);
        for (String command : List.of("migrate", "evacuate", "schedule", "serve")) assertTrue(completion.contains(command), command);
    }
}
