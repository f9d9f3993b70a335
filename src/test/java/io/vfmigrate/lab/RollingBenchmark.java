package io.vfmigrate.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalInt;

/**
 * Issue 21's goals, measured on the lab with 3 hosts and 6 guests (vm1 and rb2 on host-a, rb3 and rb4 on host-b, rb5 and
 * rb6 on host-c), the observer pinging every guest: `rolling --all` with a hook that restarts the host's libvirtd and
 * leaves a mark, each move's lost pings against plain migration's worst + 5 (plain migrations of vm1 first, as many as the
 * rolling's moves unless {@code --plain-runs N}: the worst of fewer runs than moves would be a lower bar), and the
 * rolling's makespan against the sum of its parts measured alone (per host `maintenance enter`, the hook through the
 * host's shell, `maintenance exit`, each command from its start to its end, as an operator would run them; goal: at most
 * 10% more). Also printed: the same from the first move's start to the last move's end (the commands' JSON events). The guests and the third host it
 * adds are removed at the end. Usage: {@code RollingBenchmark [--parallel N] [--plain-runs N] [--vf-drops] [--temporary-port-dev DEV]} (moves side by side
 * per host, default 2; the VF stand-ins dropping what a guest NIC that is not up yet would get, as real VFs do; the macvtap
 * temporary port of labnet's VFs on DEV instead of their PF, e.g. pf1: the other PF's uplink).
 */
public final class RollingBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The lab's inventory, or its copy with the temporary port elsewhere ({@code --temporary-port-dev}). */
    private static Path inventory = Lab.INVENTORY;
    private static final String MARKER = "/var/lib/libvirt/vfm-rolling-benchmark";
    /**
     * Name, host, MAC, address, VF slot: 5 and 6, so that vm1's plain migration (which keeps its tap's name, evf0-4) finds
     * its tap free on the other host.
     */
    private static final List<List<String>> GUESTS = List.of(
            List.of("rb2", "host-a", "52:54:00:c0:00:32", "192.0.2.32", "5"),
            List.of("rb3", "host-b", "52:54:00:c0:00:33", "192.0.2.33", "5"),
            List.of("rb4", "host-b", "52:54:00:c0:00:34", "192.0.2.34", "6"),
            List.of("rb5", "host-c", "52:54:00:c0:00:35", "192.0.2.35", "5"),
            List.of("rb6", "host-c", "52:54:00:c0:00:36", "192.0.2.36", "6"));

    /** The rolling's moves: each guest out of its host and back. */
    private static final int MOVES = 2 * (GUESTS.size() + 1);

    private RollingBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean drops = rest.remove("--vf-drops");
        String dev = null;
        int t = rest.indexOf("--temporary-port-dev");
        if (t >= 0 && t + 1 < rest.size() && rest.get(t + 1).matches("[a-z][a-z0-9]{0,14}")) {
            dev = rest.remove(t + 1);
            rest.remove(t);
        }
        int plainRuns = MOVES;
        int r = rest.indexOf("--plain-runs");
        if (r >= 0) {
            if (r + 1 >= rest.size() || !rest.get(r + 1).matches("[1-9]|[1-2][0-9]|30")) throw new IllegalArgumentException("--plain-runs needs 1-30");
            plainRuns = Integer.parseInt(rest.remove(r + 1));
            rest.remove(r);
        }
        if (!rest.isEmpty() && (rest.size() != 2 || !rest.get(0).equals("--parallel") || !rest.get(1).matches("[1-9]"))) {
            throw new IllegalArgumentException("RollingBenchmark [--parallel N] (1-9) [--plain-runs N] [--vf-drops] [--temporary-port-dev DEV], not " + String.join(" ", args));
        }
        String parallel = rest.size() == 2 ? rest.get(1) : "2";
        if (!Lab.hostsRunning("vm1").equals(List.of("host-a"))) vfm("migrate", "vm1", "--to", "host-a").ok();
        if (Lab.steeredPort("host-a", LabMigrationTest.MAC).isEmpty()) {
            // seen twice on 2026-12-07 after other benchmarks, cause not found: vm1's entry had become a learned one
            System.out.println("host-a does not steer vm1's MAC to its VF (its static entry is gone): programming evf0 again");
            Lab.eswitchRun("host-a", Lab.ESWITCH, "ovs-appctl", "fdb/add", Lab.ESWITCH, "evf0", "0", LabMigrationTest.MAC).ok();
            Lab.eswitchRun("host-a", Lab.ESWITCH, "ovs-appctl", "revalidator/purge").ok();
        }
        String queue = Lab.vfQueue();
        Shell.lab("up", "--hosts", "3").ok();
        inventory = dev == null ? Lab.INVENTORY : Benchmark.temporaryPortOn(dev);
        try {
            GUESTS.parallelStream().forEach(g -> Shell.lab("guest", g.get(0), "--on", g.get(1), "--mac", g.get(2), "--ip", g.get(3) + "/24",
                    "--slot", g.get(4)).ok());
            Map<String, String> addresses = new LinkedHashMap<>(Map.of("vm1", LabMigrationTest.ADDRESS));
            GUESTS.forEach(g -> addresses.put(g.get(0), g.get(3)));
            // plain's worst under the observers of the other five guests too: the load the rolling's moves are under
            List<PingMeter> others = new ArrayList<>();
            List<Integer> plainLost = new ArrayList<>();
            try {
                GUESTS.forEach(g -> others.add(new PingMeter(g.get(3))));
                for (int i = 0; i < plainRuns; i++) {
                    Benchmark.Sample s = Benchmark.once("plain-virtio");
                    System.out.printf("plain migration of vm1 %s (every guest pinged): %d pings lost, longest gap %d ms%s%n", s.direction(), s.lost(),
                            s.loss().longestGapMs(), s.guestNote());
                    if (s.measuredOnGuest()) plainLost.add(s.lost());
                }
            } finally {
                others.forEach(PingMeter::close);
            }
            // empty: no plain run was measured on the guest, and the goal is not judged
            OptionalInt plainWorst = plainLost.stream().mapToInt(Integer::intValue).max();
            System.out.println("plain migrations measured on the guest, lost pings sorted: " + plainLost.stream().sorted().toList()
                    + (plainLost.size() < plainRuns ? " (" + (plainRuns - plainLost.size()) + " of " + plainRuns + " left out)" : ""));
            if (!Lab.hostsRunning("vm1").equals(List.of("host-a"))) Benchmark.once("plain-virtio");
            // after plain's reference, whose NIC stands for a virtio NIC (its frames wait in the tap), as in test-fixtures/benchmark
            if (drops) Lab.vfStandInsDrop();
            String hook = LabRollingTest.restartingHook(MARKER);

            Parts alone = partsAlone(parallel, true);
            // the parts alone again, under the same observers as the rolling (their pings load the machine too)
            Map<String, PingMeter> meters = observe(addresses);
            long aloneObserved = partsAlone(parallel, false).ms();
            meters.values().forEach(PingMeter::close);
            meters = observe(addresses);
            Thread.sleep(500);
            Timed rolledTimed = timed(() -> vfm("rolling", "--all", "--hook", hook, "--health-timeout", "60s", "--parallel", parallel, "--output", "json"));
            Shell.Result rolled = rolledTimed.result();
            Thread.sleep(500);
            Map<String, NavigableMap<Integer, Double>> replies = new LinkedHashMap<>();
            meters.forEach((vm, m) -> replies.put(vm, m.stopForReplies()));
            if (rolled.exit() != 0) throw new IllegalStateException("rolling ended " + rolled.exit() + ":\n" + rolled.out() + rolled.err());
            long rolling = EvacuationEvents.makespan(rolled.out()).toMillis();
            System.out.println("rolling's events: " + timeline(rolled.out()));

            int worstMove = 0;
            List<EvacuationEvents.Move> moves = EvacuationEvents.moves(rolled.out());
            if (moves.size() != MOVES) System.out.printf("the rolling made %d moves, not %d: plain's reference had %d runs%n", moves.size(), MOVES, plainRuns);
            for (EvacuationEvents.Move m : moves) {
                int lost = lostWithin(replies.get(m.vm()), m.start(), m.end());
                worstMove = Math.max(worstMove, lost);
                StepTimeline steps = stepsOf(rolled.out(), m);
                System.out.printf("move of %s to %s: %d pings lost in %d ms%s%s%n", m.vm(), m.destination(), lost, Duration.between(m.start(), m.end()).toMillis(),
                        byStep(replies.get(m.vm()), steps), attachTook(steps));
            }
            rolled.err().lines().filter(l -> l.contains("guest-side enslave") || l.contains("attach-vf of")).forEach(l -> System.out.println("coordinator: " + l));
            if (plainWorst.isEmpty()) {
                System.out.printf("worst move lost %d pings; no plain migration was measured on the guest: NOT judged%n", worstMove);
            } else {
                int goal = plainWorst.getAsInt() + 5;
                System.out.printf("worst move lost %d pings, plain migration's worst %d (goal <= %d): %s%n", worstMove, plainWorst.getAsInt(), goal,
                        worstMove <= goal ? "met" : "NOT met");
            }
            System.out.printf("rolling: %d ms from its start to its end; its parts alone (each command, as an operator runs them) %d ms with no"
                    + " observer, %d ms under the same observers; ratio %.2f (goal <= 1.10): %s%n", rolledTimed.ms(), alone.ms(), aloneObserved,
                    (double) rolledTimed.ms() / aloneObserved, rolledTimed.ms() <= aloneObserved * 1.10 ? "met" : "NOT met");
            System.out.printf("(its moves, hooks and health gates from the first move's start to the last move's end %d ms; the parts' moves and hooks"
                    + " alone %d ms, ratio %.2f)%n", rolling, alone.movesAndHooksMs(), (double) rolling / alone.movesAndHooksMs());
        } finally {
            if (drops) Shell.lab("vf-queue", queue);
            for (List<String> g : GUESTS) Shell.lab("remove-guest", g.get(0));
            Shell.lab("up", "--hosts", "2");
            for (String h : List.of("host-a", "host-b")) Shell.lab("exec", h, "--", "rm", "-f", MARKER);
        }
    }

    /** The parts alone, host after host: each command from its start to its end, and the moves and hooks alone. */
    record Parts(long ms, long movesAndHooksMs) {}

    private static Parts partsAlone(String parallel, boolean print) {
        long ms = 0;
        long movesAndHooks = 0;
        for (String h : List.of("host-a", "host-b", "host-c")) {
            Timed enter = timed(() -> vfm("maintenance", "enter", h, "--parallel", parallel, "--output", "json").ok());
            Timed hooked = timed(() -> Shell.run(120, Map.of(), List.of(Shell.LAB.toString(), "exec", h, "--", "sh", "-c", LabRollingTest.restartingScript(MARKER))));
            if (hooked.result().exit() != 0) throw new IllegalStateException("the hook on " + h + " ended " + hooked.result().exit() + ": " + hooked.result().err());
            Timed exit = timed(() -> vfm("maintenance", "exit", h, "--parallel", parallel, "--output", "json").ok());
            long enterMoves = EvacuationEvents.makespan(enter.result().out()).toMillis();
            long exitMoves = EvacuationEvents.makespan(exit.result().out()).toMillis();
            if (print) {
                System.out.printf("alone, %s: maintenance enter %d ms (its moves %d ms), hook %d ms, maintenance exit %d ms (its moves %d ms)%n",
                        h, enter.ms(), enterMoves, hooked.ms(), exit.ms(), exitMoves);
            }
            ms += enter.ms() + hooked.ms() + exit.ms();
            movesAndHooks += enterMoves + hooked.ms() + exitMoves;
        }
        return new Parts(ms, movesAndHooks);
    }

    private static Map<String, PingMeter> observe(Map<String, String> addresses) {
        Map<String, PingMeter> meters = new LinkedHashMap<>();
        addresses.forEach((vm, ip) -> meters.put(vm, new PingMeter(ip)));
        return meters;
    }

    record Timed(Shell.Result result, long ms) {}

    private static Timed timed(java.util.function.Supplier<Shell.Result> command) {
        long started = System.nanoTime();
        Shell.Result r = command.get();
        return new Timed(r, (System.nanoTime() - started) / 1_000_000);
    }

    /** The rolling's host and move events, each at its offset from the first event (s). */
    private static String timeline(String jsonLines) throws Exception {
        StringBuilder b = new StringBuilder();
        Instant first = null;
        for (String line : jsonLines.split("\n")) {
            if (line.isBlank()) continue;
            JsonNode e = JSON.readTree(line);
            if (!e.has("time") || !e.has("type")) continue;
            String type = e.path("type").asText();
            if (!type.startsWith("host-") && !type.startsWith("hook-") && !type.startsWith("health-") && !type.equals("vm-placed") && !type.equals("vm-outcome")) continue;
            Instant at = Instant.parse(e.path("time").asText());
            if (first == null) first = at;
            b.append(String.format("%n  +%.1f %s %s", Duration.between(first, at).toMillis() / 1000.0, type, e.has("vm") ? e.path("vm").asText() : e.path("host").asText()));
        }
        return b.toString();
    }

    /** The steps of a move's run, from its JSON events (each from its step-started to its step-succeeded or step-failed). */
    static StepTimeline stepsOf(String jsonLines, EvacuationEvents.Move move) throws Exception {
        List<StepTimeline.Interval> steps = new ArrayList<>();
        Map<Integer, Instant> started = new HashMap<>();
        for (String line : jsonLines.split("\n")) {
            if (line.isBlank()) continue;
            JsonNode e = JSON.readTree(line);
            if (!move.vm().equals(e.path("vm").asText()) || !e.has("time") || !e.has("step")) continue;
            Instant at = Instant.parse(e.path("time").asText());
            if (at.isBefore(move.start()) || at.isAfter(move.end())) continue;
            int step = e.path("step").asInt();
            switch (e.path("type").asText()) {
                case "step-started" -> started.put(step, at);
                case "step-succeeded", "step-failed" -> {
                    Instant from = started.remove(step);
                    if (from != null) steps.add(new StepTimeline.Interval(e.path("step-type").asText(), from.toEpochMilli() / 1000.0, at.toEpochMilli() / 1000.0));
                }
                default -> { }
            }
        }
        return new StepTimeline(List.copyOf(steps));
    }

    /** How long the move's attach-vf took, for telling a slow attach from a slow guest. */
    static String attachTook(StepTimeline steps) {
        return steps.steps().stream().filter(i -> i.step().equals("attach-vf")).findFirst()
                .map(i -> " (attach-vf " + i.millis() + " ms)").orElse("");
    }

    /** ", by step: migrate 9, attach-vf 3": the move's lost pings by the step running when they were sent (none: empty). */
    static String byStep(NavigableMap<Integer, Double> replies, StepTimeline steps) {
        if (steps.steps().isEmpty()) return "";
        StringBuilder b = new StringBuilder();
        LossAttribution.of(replies, steps).lostByStep().forEach((step, lost) -> {
            if (lost > 0 && !step.equals("(before)") && !step.equals("(after)")) b.append(b.length() == 0 ? "" : ", ").append(step).append(' ').append(lost);
        });
        return b.length() == 0 ? ", none by step" : ", by step: " + b;
    }

    /** Unanswered pings sent between {@code from} and {@code to} (send times interpolated as {@link LossAttribution} does). */
    static int lostWithin(NavigableMap<Integer, Double> replies, Instant from, Instant to) {
        StepTimeline move = new StepTimeline(List.of(new StepTimeline.Interval("move", from.toEpochMilli() / 1000.0, to.toEpochMilli() / 1000.0)));
        return LossAttribution.of(replies, move).lostByStep().getOrDefault("move", 0);
    }

    private static Shell.Result vfm(String... args) { return Vfmigrate.run(inventory, Map.of(), args); }
}
