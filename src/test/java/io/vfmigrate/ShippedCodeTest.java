package io.vfmigrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the jar that operators run must not contain: a test's hook, such as the crash tests' kill switch. */
class ShippedCodeTest {
    private static final Path MAIN = Path.of("src/main");

    @Test
    void noTestHookIsReadFromTheEnvironment() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<String> hooks = files.filter(Files::isRegularFile)
                    .filter(f -> read(f).contains("VFMIGRATE_TEST_"))
                    .map(Path::toString).sorted().toList();
            assertEquals(List.of(), hooks, "test hooks belong to src/test (the lab starts the CLI through io.vfmigrate.cli.CrashTestMain)");
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
