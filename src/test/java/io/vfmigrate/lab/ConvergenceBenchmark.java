package io.vfmigrate.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.config.InventoryLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 22's convergence benchmark on the lab: busy guests (512 MiB, `lab guest --dirty RATE:384`) at several dirty
 * rates (and one idle), each moved with the policies operators use (plain `virsh migrate --live`; Nova's and oVirt's defaults through
 * vfmigrate's policy keys) and vfmigrate's defaults, the observer pinging the guest. Prints per run: converged or not,
 * total time, QEMU's downtime, lost pings and the longest gap, iterations and memory sent; then the goals. Every
 * migration ends within 5 minutes (virsh's job is aborted then). The guests are removed at the end.
 * Usage: {@code ConvergenceBenchmark [RUNS] [--bandwidth MIB_PER_S] [--candidate KEY=VALUE]...} (default 1 run; the
 * bandwidth: every policy's stream limited to it, as a slower network would, virsh's with --bandwidth and vfmigrate's with
 * bandwidth-mib-per-s; a candidate: one more policy, vfmigrate's defaults with these policy values, judged by the same goals).
 */
public final class ConvergenceBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CAP_SECONDS = 300;
    private static final int MEMORY_MIB = 512;

    /** A load: the guest, its address and the rate its writer is asked for ("" idle). */
    record Load(String name, String vm, String address, String dirty) {}

    /**
     * About a quarter, half and all of the lab's migration bandwidth (QEMU 10 under TCG: 200-250 MiB/s with nothing else
     * running), and as fast as the guest can (4-20 GiB/s of pages).
     */
    static final List<Load> LOADS = List.of(
            new Load("idle", "cv-idle", "192.0.2.70", ""),
            new Load("60 MiB/s", "cv-60", "192.0.2.71", "60:384"),
            new Load("125 MiB/s", "cv-125", "192.0.2.72", "125:384"),
            new Load("250 MiB/s", "cv-250", "192.0.2.73", "250:384"),
            new Load("max", "cv-max", "192.0.2.74", "max:384"));

    /** A policy: its name and vfmigrate's --policy values (null: plain virsh). */
    record Variant(String name, List<String> policy) {}

    static final List<Variant> VARIANTS = List.of(
            new Variant("virsh", null),
            // Nova: 500 ms reached in 10 steps, a step per 75 s per GiB (37 s for 512 MiB), no auto-converge, abort after
            // 800 s per GiB (capped here at 600 s per GiB: 5 minutes), no progress timeout (the longest vfmigrate has)
            new Variant("nova", List.of("downtime-schedule=50ms,100ms,150ms,200ms,250ms,300ms,350ms,400ms,450ms,500ms",
                    "downtime-raise-delay=37s", "completion-timeout-per-gib=600s", "progress-timeout=1h", "auto-converge=no",
                    "on-timeout=abort")),
            // oVirt "minimal downtime": 100 ms raised per stalling iteration to 500 ms, no auto-converge, 64 s per GiB
            new Variant("ovirt", List.of("downtime-schedule=100ms,150ms,200ms,300ms,400ms,500ms", "downtime-raise-delay=0ms",
                    "completion-timeout-per-gib=64s", "auto-converge=no", "on-timeout=abort")),
            new Variant("vfmigrate", List.of()));

    /** The policies operators use today, which the goals compare with. */
    static final List<String> THEIRS = List.of("virsh", "nova", "ovirt");
    /** A policy tried beside the defaults: `--candidate KEY=VALUE`, repeated. */
    static final String CANDIDATE = "candidate";

    record Row(Load load, Variant variant, boolean converged, long totalMs, long downtimeMs, PingMeter.Loss loss, long iterations,
               long sentMiB, int throttlePercent) {}

    /** The stream's limit of every run (MiB/s), 0: none. */
    private static int bandwidth;

    private ConvergenceBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<String> a = List.of(args);
        int at = a.indexOf("--bandwidth");
        bandwidth = at >= 0 ? Integer.parseInt(a.get(at + 1)) : 0;
        int runs = a.isEmpty() || a.get(0).startsWith("--") ? 1 : Integer.parseInt(a.get(0));
        if (bandwidth > 0) System.out.printf("every migration stream limited to %d MiB/s%n", bandwidth);
        List<String> candidate = new ArrayList<>();
        for (int i = 0; i < a.size() - 1; i++) if (a.get(i).equals("--candidate")) candidate.add(a.get(i + 1));
        for (String c : candidate) {
            String key = c.substring(0, Math.max(0, c.indexOf('=')));
            try {
                io.vfmigrate.migration.PolicyKey.named(key).orElseThrow(() -> new IllegalArgumentException("--candidate " + c
                        + ": no policy key '" + key + "' (keys: " + String.join(", ", io.vfmigrate.migration.PolicyKey.names()) + ")"))
                        .check(c.substring(c.indexOf('=') + 1));
            } catch (IllegalArgumentException e) {
                System.err.println("benchmark-convergence: " + e.getMessage());
                System.exit(2);
            }
        }
        List<Variant> variants = new ArrayList<>(VARIANTS);
        if (!candidate.isEmpty()) {
            variants.add(new Variant(CANDIDATE, candidate));
            System.out.printf("candidate policy: vfmigrate's defaults with %s%n", String.join(" ", candidate));
        }
        Inventory inventory = InventoryLoader.load(Lab.INVENTORY);
        List<List<String>> guests = new ArrayList<>();
        for (Load l : LOADS) {
            List<String> g = new ArrayList<>(List.of("guest", l.vm(), "--on", "host-a", "--no-vf", "--memory", String.valueOf(MEMORY_MIB),
                    "--ip", l.address() + "/24"));
            if (!l.dirty().isEmpty()) g.addAll(List.of("--dirty", l.dirty()));
            guests.add(g);
        }
        List<Row> rows = new ArrayList<>();
        try {
            guests.parallelStream().forEach(g -> Shell.lab(g.toArray(String[]::new)).ok());
            for (int run = 1; run <= runs; run++) {
                for (Load l : LOADS) {
                    String rate = l.dirty().isEmpty() ? "idle" : Lab.lab("dirty-rate", l.vm()).ok().out().strip();
                    JsonNode prediction = prediction(l.vm());
                    System.out.printf("%n== %s (%s), run %d: %s: %s%n", l.name(), rate, run, prediction.path("status").asText(),
                            prediction.path("detail").asText());
                    for (Variant v : variants) {
                        Row r = once(inventory, l, v);
                        rows.add(r);
                        System.out.printf("  %-10s %-13s %6.1f s, downtime %5d ms, %s, %d iterations, %d MiB sent (%d MiB/s), vCPU throttle %d%%%n",
                                v.name(), r.converged() ? "converged" : "NOT converged", r.totalMs() / 1000.0, r.downtimeMs(), r.loss(), r.iterations(),
                                r.sentMiB(), r.totalMs() > 0 ? r.sentMiB() * 1000 / r.totalMs() : 0, r.throttlePercent());
                    }
                }
            }
        } finally {
            LOADS.forEach(l -> Lab.lab("remove-guest", l.vm()));
        }
        goals(rows);
    }

    private static JsonNode prediction(String vm) throws Exception {
        List<String> args = new ArrayList<>(List.of("migrate", vm, "--to", LabMigrationTest.other(whereIs(vm)), "--workflow", "plain",
                "--dry-run", "--output", "json"));
        if (bandwidth > 0) args.addAll(List.of("--policy", "bandwidth-mib-per-s=" + bandwidth));
        Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), args.toArray(String[]::new));
        return Vfmigrate.preflightCheck(r.out(), "convergence").orElseGet(() -> JSON.createObjectNode().put("status", "none")
                .put("detail", r.out() + r.err()));
    }

    private static Row once(Inventory inventory, Load load, Variant v) throws Exception {
        String from = whereIs(load.vm());
        String to = LabMigrationTest.other(from);
        long start = System.nanoTime();
        PingMeter.Loss loss;
        Row row;
        try (PingMeter ping = new PingMeter(load.address())) {
            Thread.sleep(500);
            row = v.policy() == null ? virsh(inventory, load, v, from, to) : vfmigrate(load, v, to);
            Thread.sleep(500);
            loss = ping.stop();
        }
        long total = row.totalMs() > 0 ? row.totalMs() : (System.nanoTime() - start) / 1_000_000 - 1000;
        return new Row(load, v, row.converged(), total, row.downtimeMs(), loss, row.iterations(), row.sentMiB(), row.throttlePercent());
    }

    private static Row vfmigrate(Load load, Variant v, String to) throws Exception {
        List<String> args = new ArrayList<>(List.of("migrate", load.vm(), "--to", to, "--workflow", "plain", "--output", "json"));
        v.policy().forEach(p -> args.addAll(List.of("--policy", p)));
        if (bandwidth > 0) args.addAll(List.of("--policy", "bandwidth-mib-per-s=" + bandwidth));
        Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), args.toArray(String[]::new));
        long iterations = 0;
        long sent = 0;
        long downtime = 0;
        long total = 0;
        int throttle = 0;
        for (String line : r.out().split("\n")) {
            if (!line.startsWith("{")) continue;
            JsonNode e = JSON.readTree(line);
            switch (e.path("type").asText()) {
                case "migration-progress" -> {
                    iterations = e.path("iteration").asLong();
                    sent = e.path("transferred-bytes").asLong() >> 20;
                    total = e.path("elapsed-millis").asLong();
                    throttle = Math.max(throttle, e.path("throttle-percent").asInt());
                }
                case "migration-completed" -> {
                    iterations = e.path("iterations").asLong();
                    sent = e.path("memory-transferred-bytes").asLong() >> 20;
                    downtime = e.path("downtime-millis").asLong();
                    total = e.path("total-millis").asLong();
                    throttle = Math.max(throttle, e.path("throttle-percent").asInt());
                }
                default -> { }
            }
        }
        return new Row(load, v, r.exit() == 0, total, downtime, null, iterations, sent, throttle);
    }

    /** Plain `virsh migrate --live` (QEMU's default downtime limit, no timeout), its job aborted after 5 minutes. */
    private static Row virsh(Inventory inventory, Load load, Variant v, String from, String to) throws Exception {
        Inventory.HostConfig dest = inventory.host(to);
        List<String> argv = new ArrayList<>(List.of(Shell.LAB.toString(), "virsh", from, "migrate", "--live", load.vm(), dest.libvirtUri()));
        dest.migrationUri().ifPresent(argv::add);
        if (bandwidth > 0) argv.addAll(List.of("--bandwidth", String.valueOf(bandwidth)));
        CompletableFuture<Shell.Result> job = CompletableFuture.supplyAsync(() -> Shell.run(CAP_SECONDS + 120, Map.of(), argv));
        try {
            job.get(CAP_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            Lab.lab("virsh", from, "domjobabort", load.vm());
            job.get(120, TimeUnit.SECONDS);
        }
        String info = Lab.lab("virsh", from, "domjobinfo", load.vm(), "--completed").out();
        boolean converged = Lab.hostsRunning(load.vm()).equals(List.of(to));
        return new Row(load, v, converged, (long) number(info, "Time elapsed"), (long) number(info, "Total downtime"), null,
                (long) Math.max(number(info, "Memory iteration"), number(info, "Iteration")), (long) number(info, "Memory processed"),
                (int) number(info, "Auto converge throttle"));
    }

    /** A field of `virsh domjobinfo`: "Time elapsed: 1234 ms" as 1234, "Memory processed: 1.5 GiB" as 1536 (MiB); 0 when absent. */
    static double number(String info, String field) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(field) + ":\\s+([0-9.]+)\\s*(\\S*)").matcher(info);
        if (!m.find()) return 0;
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "GiB" -> value * 1024;
            case "KiB" -> value / 1024;
            default -> value;
        };
    }

    /** The one host that runs {@code vm} (no JUnit here: a benchmark runs without it). */
    private static String whereIs(String vm) {
        List<String> hosts = Lab.hostsRunning(vm);
        if (hosts.size() != 1) throw new IllegalStateException(vm + " runs on " + hosts);
        return hosts.get(0);
    }

    /** Issue 22's goals, per load: vfmigrate's defaults, and a candidate policy when one ran, against the other three. */
    private static void goals(List<Row> rows) {
        goals(rows, "vfmigrate");
        if (rows.stream().anyMatch(r -> r.variant().name().equals(CANDIDATE))) goals(rows, CANDIDATE);
    }

    private static void goals(List<Row> rows, String judged) {
        System.out.printf("%ngoals of %s:%n", judged);
        for (Load l : LOADS) {
            List<Row> mine = rows.stream().filter(r -> r.load().equals(l) && r.variant().name().equals(judged)).toList();
            List<Row> others = rows.stream().filter(r -> r.load().equals(l) && THEIRS.contains(r.variant().name())).toList();
            List<Row> othersConverged = others.stream().filter(Row::converged).toList();
            boolean allMine = mine.stream().allMatch(Row::converged);
            if (!othersConverged.isEmpty()) {
                long fastest = othersConverged.stream().mapToLong(Row::totalMs).min().orElseThrow();
                int fewestLost = othersConverged.stream().mapToInt(r -> r.loss().lost()).min().orElseThrow();
                long worstTime = mine.stream().mapToLong(Row::totalMs).max().orElse(0);
                int worstLost = mine.stream().mapToInt(r -> r.loss().lost()).max().orElse(0);
                System.out.printf("%s: another policy converged (fastest %.1f s, fewest lost %d); " + judged + " converged every run: %s, "
                                + "worst %.1f s (goal at most %.1f s: %s), worst %d lost (goal at most %d: %s)%n", l.name(), fastest / 1000.0, fewestLost,
                        allMine ? "yes" : "NO", worstTime / 1000.0, fastest * 1.1 / 1000.0, worstTime <= fastest * 1.1 ? "met" : "NOT met",
                        worstLost, fewestLost + 5, worstLost <= fewestLost + 5 ? "met" : "NOT met");
            } else {
                long longestGap = mine.stream().filter(Row::converged).mapToLong(r -> r.loss().longestGapMs()).max().orElse(0);
                System.out.printf("%s: no other policy converged; " + judged + ": %s (goal: migrated with a gap of at most 1 s, or aborted "
                        + "with the VM on its source: %s)%n", l.name(), mine.stream().map(r -> r.converged() ? "migrated, gap "
                        + r.loss().longestGapMs() + " ms" : "aborted").toList(), longestGap <= 1000 ? "met" : "NOT met");
            }
        }
    }
}
