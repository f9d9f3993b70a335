package io.vfmigrate.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Network downtime of each way to move vm1 between the lab hosts, measured by pinging it every 10 ms
 * from the observer: a plain virtio live migration (the VF stand-in is a virtio NIC, so libvirt can
 * move it: the least any workflow can lose), naive, bond-macvtap and bond-ovs. Prints per variant the
 * median and max of lost pings, longest gap, workflow time (sum of the steps) and migration time.
 */
public final class Benchmark {
    record Sample(int lost, long gapMs, long workflowMs, long migrationMs) {}

    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Map<String, List<Sample>> results = new LinkedHashMap<>();
        for (String variant : List.of("plain-virtio", "naive", "bond-macvtap", "bond-ovs")) {
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Sample s = once(variant);
                System.out.printf("%-13s run %d: %d pings lost, longest gap %d ms, workflow %d ms, migration %d ms%n",
                        variant, i + 1, s.lost(), s.gapMs(), s.workflowMs(), s.migrationMs());
                samples.add(s);
            }
            results.put(variant, samples);
        }
        Report.print(results, runs);
    }

    private static Sample once(String variant) throws Exception {
        String from = Demo.where();
        String to = from.equals("host-a") ? "host-b" : "host-a";
        PingMeter.Loss loss;
        StepTimes times;
        try (PingMeter ping = new PingMeter("192.0.2.11")) {
            Thread.sleep(500);
            times = variant.equals("plain-virtio") ? plain(from, to) : workflow(variant, to);
            Thread.sleep(500);
            loss = ping.stop();
        }
        return new Sample(loss.lost(), loss.longestGapMs(), times.totalMs(), times.migrationMs());
    }

    private static StepTimes workflow(String workflow, String to) {
        Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", "vm1", "--to", to, "--workflow", workflow);
        if (r.exit() != 0) throw new IllegalStateException(workflow + " failed:\n" + r.out() + r.err());
        return StepTimes.parse(r.out());
    }

    private static StepTimes plain(String from, String to) {
        String dest = "qemu+unix:///system?socket=/run/vfmigrate-lab/" + to + "/run/libvirt/libvirt-sock";
        String uri = "tcp://198.18.0." + (to.equals("host-a") ? 11 : 12);
        long start = System.nanoTime();
        Shell.lab("virsh", from, "migrate", "--live", "--persistent", "--undefinesource", "vm1", dest, uri).ok();
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new StepTimes(ms, ms);
    }

    /** The table and the goals of the downtime issue. */
    static final class Report {
        static void print(Map<String, List<Sample>> results, int runs) {
            System.out.printf("%nvariant        runs  lost pings (median/max)  longest gap ms (median/max)  workflow ms (median/max)  migration ms (median/max)%n");
            results.forEach((v, s) -> System.out.printf("%-14s %4d  %10d / %-10d  %12d / %-12d  %10d / %-10d  %10d / %-10d%n", v, runs,
                    median(s, x -> x.lost()), max(s, x -> x.lost()), median(s, x -> x.gapMs()), max(s, x -> x.gapMs()),
                    median(s, x -> x.workflowMs()), max(s, x -> x.workflowMs()), median(s, x -> x.migrationMs()), max(s, x -> x.migrationMs())));
            long plain = median(results.get("plain-virtio"), x -> x.lost());
            long naive = median(results.get("naive"), x -> x.lost());
            for (String bond : List.of("bond-macvtap", "bond-ovs")) {
                long lost = median(results.get(bond), x -> x.lost());
                long extra = median(results.get(bond), x -> x.workflowMs() - x.migrationMs());
                System.out.printf("%s: %d pings more than plain migration (goal <= 5): %s; %s fewer than naive (goal >= 10x): %s; "
                                + "%d ms longer than the migration itself (goal <= 3000): %s%n", bond, lost - plain, lost - plain <= 5 ? "met" : "NOT met",
                        lost == 0 ? "infinitely" : String.format("%.1fx", (double) naive / lost), lost == 0 || naive >= 10 * lost ? "met" : "NOT met",
                        extra, extra <= 3000 ? "met" : "NOT met");
            }
        }

        private static long median(List<Sample> s, java.util.function.ToLongFunction<Sample> f) {
            long[] v = s.stream().mapToLong(f).sorted().toArray();
            return v.length == 0 ? 0 : v[v.length / 2];
        }

        private static long max(List<Sample> s, java.util.function.ToLongFunction<Sample> f) {
            return s.stream().mapToLong(f).max().orElse(0);
        }
    }
}
