package io.vfmigrate.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 9's goal, measured: the makespan of evacuating four guests (vm1, ev2 and ev3 with their VF in a bond, evp
 * without VF) with {@code --parallel 2} against {@code --parallel 1}, ROUNDS times each (out to host-b one at a
 * time, back to host-a two at a time), and the ratio of the sums (goal: below 0.75). The guests it starts are
 * removed at the end. Usage: {@code EvacuationBenchmark [ROUNDS]} (default 3); the makespan runs from the first
 * move's start to the last move's end (the JVM's start, the survey and the plan, the same for both, are outside it).
 */
public final class EvacuationBenchmark {
    private static final List<List<String>> GUESTS = List.of(
            List.of("ev2", "52:54:00:c0:00:21", "192.0.2.21"),
            List.of("ev3", "52:54:00:c0:00:22", "192.0.2.22"),
            List.of("evp", "52:54:00:c0:00:23", "192.0.2.23", "--no-vf"));

    private EvacuationBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        if (rounds < 1) throw new IllegalArgumentException("ROUNDS must be at least 1, not " + rounds);
        if (!Lab.hostsRunning("vm1").equals(List.of("host-a"))) vfm("migrate", "vm1", "--to", "host-a").ok();
        List<String> started = new ArrayList<>();
        List<List<String>> starts = new ArrayList<>();
        for (List<String> g : GUESTS) {
            if (!Lab.hostsRunning(g.get(0)).isEmpty()) continue;
            List<String> argv = new ArrayList<>(List.of("guest", g.get(0), "--on", "host-a", "--mac", g.get(1), "--ip", g.get(2) + "/24"));
            argv.addAll(g.subList(3, g.size()));
            starts.add(argv);
            started.add(g.get(0));
        }
        try {
            // side by side, as the tests start theirs (Lab.guests asserts with JUnit, which the benchmark's class path lacks)
            starts.parallelStream().forEach(argv -> Shell.lab(argv.toArray(String[]::new)).ok());
            Duration serial = Duration.ZERO;
            Duration parallel = Duration.ZERO;
            for (int round = 1; round <= rounds; round++) {
                Duration one = EvacuationEvents.makespan(evacuate("host-a", "host-b", 1).out());
                Duration two = EvacuationEvents.makespan(evacuate("host-b", "host-a", 2).out());
                System.out.printf("round %d: --parallel 1 (host-a -> host-b) %d ms, --parallel 2 (host-b -> host-a) %d ms, ratio %.2f%n",
                        round, one.toMillis(), two.toMillis(), (double) two.toMillis() / one.toMillis());
                serial = serial.plus(one);
                parallel = parallel.plus(two);
            }
            double ratio = (double) parallel.toMillis() / serial.toMillis();
            System.out.printf("evacuation makespan, 4 VMs, %d rounds summed: --parallel 1 %d ms, --parallel 2 %d ms, ratio %.2f (goal < 0.75: %s)%n",
                    rounds, serial.toMillis(), parallel.toMillis(), ratio, ratio < 0.75 ? "met" : "NOT met");
        } finally {
            for (String g : started) Shell.lab("remove-guest", g);
        }
    }

    private static Shell.Result evacuate(String from, String to, int parallel) {
        Shell.Result r = vfm("evacuate", from, "--to", to, "--parallel", String.valueOf(parallel), "--output", "json");
        vfm("host", "enable", from).ok();
        if (r.exit() != 0) throw new IllegalStateException("evacuate " + from + " --parallel " + parallel + " ended " + r.exit() + ":\n" + r.out() + r.err());
        return r;
    }

    private static Shell.Result vfm(String... args) { return Vfmigrate.run(Lab.INVENTORY, Map.of(), args); }
}
