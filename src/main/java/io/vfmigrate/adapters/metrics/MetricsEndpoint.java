package io.vfmigrate.adapters.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** `serve --listen`: {@code /healthz} (200 "ok", 503 "stopping") and {@code /metrics} (Prometheus text), for GET and HEAD; any other method is answered 405. */
public final class MetricsEndpoint implements AutoCloseable {
    /**
     * Requests are read, and answered, on these workers: a client that sends its request slowly (or never finishes
     * it) holds one of them, never the others' /healthz.
     */
    static final int WORKERS = 4;
    /** How long the JDK's server lets a request take to arrive, and a response to leave, before it closes the connection. */
    static final int REQUEST_SECONDS = 2;
    static final int RESPONSE_SECONDS = 5;

    static {
        // read once, when the JDK's server first starts; a value given on the command line wins
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_SECONDS));
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", String.valueOf(RESPONSE_SECONDS));
        }
    }

    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) { this.server = server; }

    public static MetricsEndpoint start(InetSocketAddress address, Supplier<byte[]> metrics, String contentType, BooleanSupplier healthy)
            throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        server.createContext("/metrics", x -> answer(x, 200, contentType, metrics.get()));
        server.createContext("/healthz", x -> {
            boolean ok = healthy.getAsBoolean();
            answer(x, ok ? 200 : 503, "text/plain; charset=utf-8", (ok ? "ok\n" : "stopping\n").getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/", x -> answer(x, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8)));
        server.setExecutor(Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "vfmigrate-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new MetricsEndpoint(server);
    }

    /** The port actually bound (for port 0). */
    public int port() { return server.getAddress().getPort(); }

    private static void answer(HttpExchange x, int status, String type, byte[] body) throws IOException {
        try (x) {
            if (!"GET".equals(x.getRequestMethod()) && !"HEAD".equals(x.getRequestMethod())) {
                x.sendResponseHeaders(405, -1);
                return;
            }
            x.getResponseHeaders().set("Content-Type", type);
            x.sendResponseHeaders(status, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override public void close() { server.stop(0); }
}
