package io.vfmigrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering the README's layout draws, checked on the main sources' references (imports and
 * qualified names outside comments): arrows point inward, use cases meet only at their package's
 * root, and each library stays in its adapter.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/io/vfmigrate");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.vfmigrate\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z]");
    /** Inner layers first; a package may refer only to its own layer tree and to lower ranks. */
    private static final Map<String, Integer> RANK = Map.of("model", 0, "migration", 1, "ports", 2, "guest", 3, "workflow", 4,
            "planning", 5, "config", 5, "app", 6, "adapters", 6, "cli", 7);
    /** A CLI use case may use its own app use case (and app's root), never another's. */
    private static final Map<String, String> CLI_TO_APP = Map.of("run", "run", "fleet", "evacuation", "schedule", "schedule",
            "maintenance", "maintenance");
    private static final Map<String, String> LIBRARIES = Map.of("org.libvirt", "adapters.libvirt", "org.apache.commons.exec", "adapters.exec",
            "io.github.resilience4j", "adapters.resilience", "picocli", "cli");

    record Arrow(String from, String to, Path file) {
        @Override public String toString() { return from + " -> " + to + " (" + MAIN.relativize(file) + ")"; }
    }

    @Test
    void arrowsPointInward() {
        List<String> wrong = new ArrayList<>();
        for (Arrow a : arrows()) {
            String fromTop = top(a.from()), toTop = top(a.to());
            if (fromTop.equals(toTop)) continue;
            boolean allowed = RANK.get(toTop) < RANK.get(fromTop) || (fromTop.equals("cli") && toTop.equals("adapters"));
            if (!allowed) wrong.add(a.toString());
        }
        assertEquals(List.of(), wrong, "references from an inner layer to an outer one");
    }

    @Test
    void useCasesMeetOnlyAtTheirRoot() {
        List<String> wrong = new ArrayList<>();
        for (Arrow a : arrows()) {
            String[] from = a.from().split("\\."), to = a.to().split("\\.");
            if (from[0].equals(to[0]) && (from[0].equals("app") || from[0].equals("cli"))) {
                // siblings never meet; app's root (what they share) knows no use case; cli's root is the composition root
                boolean sibling = from.length > 1 && to.length > 1 && !from[1].equals(to[1]);
                boolean appRootDown = from[0].equals("app") && from.length == 1 && to.length > 1;
                if (sibling || appRootDown) wrong.add(a.toString());
            }
            if (from[0].equals("cli") && from.length > 1 && to[0].equals("app") && to.length > 1
                    && !to[1].equals(CLI_TO_APP.get(from[1]))) {
                wrong.add(a.toString());
            }
        }
        assertEquals(List.of(), wrong, "arrows between sibling use cases (share through the package root instead)");
    }

    @Test
    void librariesStayInTheirAdapter() {
        List<String> wrong = new ArrayList<>();
        for (Path f : sources()) {
            String pkg = packageOf(f);
            for (String line : read(f).lines().filter(l -> l.startsWith("import ")).toList()) {
                LIBRARIES.forEach((lib, home) -> {
                    if (line.matches("import (static )?" + Pattern.quote(lib) + "\\..*") && !(pkg.equals(home) || pkg.startsWith(home + "."))) {
                        wrong.add(pkg + " imports " + lib + " (" + MAIN.relativize(f) + ")");
                    }
                });
            }
        }
        assertEquals(List.of(), wrong, "a library used outside its adapter");
    }

    @Test
    void theCheckSeesTheArrowsItJudges() {
        // guards the scan itself: a parser that found nothing would pass every rule above
        Set<String> seen = new TreeSet<>();
        arrows().forEach(a -> seen.add(top(a.from()) + "->" + top(a.to())));
        assertTrue(seen.containsAll(Set.of("cli->app", "app->workflow", "workflow->ports", "adapters->ports")), seen.toString());
        assertTrue(arrows().stream().anyMatch(a -> a.from().equals("cli.fleet") && a.to().equals("app.evacuation")));
    }

    private static List<Arrow> arrows() {
        List<Arrow> arrows = new ArrayList<>();
        for (Path f : sources()) {
            String from = packageOf(f);
            Matcher m = REFERENCE.matcher(withoutComments(read(f)).replaceFirst("(?m)^package [\\w.]+;", ""));
            while (m.find()) {
                String to = m.group(1);
                if (!to.equals(from)) arrows.add(new Arrow(from, to, f));
            }
        }
        return arrows;
    }

    private static String top(String pkg) { return pkg.split("\\.")[0]; }

    private static String packageOf(Path f) {
        return MAIN.relativize(f.getParent()).toString().replace('/', '.');
    }

    static String withoutComments(String java) {
        return java.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)//.*$", "");
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
