package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.Harness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A PostgreSQL password never shows: not in vfmigrate's messages, not in the driver's own logging
 * (java.util.logging, which would go to the process's stderr), whatever the URL slip. PORT is a
 * loopback port nothing listens on.
 */
class PostgresSecretsCliTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://127.0.0.1:PORT/vfm?user=u&password=hunter2",
            "jdbc:postgresql://127.0.0.1:PORT/vfm?user=u&password=hun@ter2:/x",
            "jdbc:postgresql://u:hunter2@127.0.0.1:PORT/vfm",
            "jdbc:postgresql://u:hun@ter2/x@127.0.0.1:PORT/vfm",
            "jdbc:postgresql://127.0.0.1:notaport/vfm?user=u&password=hunter2",
            "jdbc:postgresql://127.0.0.1:PORT/vfm?user=u&password=hunter2&loginTimeout=nonsense",
            "jdbc:postgresql://127.0.0.1:PORT/vfm?user=u&password=hunter2%"})
    void aPasswordIsNeverPrinted(String template) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String url = template.replace("PORT", String.valueOf(port));
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) {
                logged.add(r.getLoggerName() + " " + r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
            }
            @Override public void flush() {}
            @Override public void close() {}
        };
        Logger root = Logger.getLogger("");
        Level rootLevel = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        PrintStream realErr = System.err;
        ByteArrayOutputStream processErr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(processErr, true, StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Harness h = new Harness();
        int code;
        try (RealWiring wiring = new RealWiring(h.connector(), h.clock, h.clock)) {
            var cl = Commands.create(wiring);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute("--state", url, "runs");
        } finally {
            System.setErr(realErr);
            root.removeHandler(capture);
            root.setLevel(rootLevel);
        }
        assertEquals(2, code, () -> out + "\n" + err);
        assertTrue(err.toString().startsWith("error: "), err::toString);
        for (String text : List.of(out.toString(), err.toString(), processErr.toString(StandardCharsets.UTF_8), String.join("\n", logged))) {
            for (String part : List.of("hunter2", "hun@ter2", "ter2")) assertFalse(text.contains(part), () -> "'" + part + "' printed: " + text);
        }
    }
}
