package io.vfmigrate.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/** The benchmark's tables (per variant and direction; lost pings and time per step) and the downtime goals. */
final class BenchmarkReport {
    private BenchmarkReport() {}

    static void print(Map<String, List<Benchmark.Sample>> results) {
        System.out.printf("%nvariant        direction        runs  lost pings (median/max)  longest gap ms (median/max)  workflow ms (median/max)  migration ms (median/max)%n");
        results.forEach((v, all) -> byDirection(all).forEach((dir, s) -> System.out.printf(
                "%-14s %-16s %4d  %10d / %-10d  %12d / %-12d  %10d / %-10d  %10d / %-10d%n", v, dir, s.size(),
                median(s, x -> x.lost()), max(s, x -> x.lost()), median(s, x -> x.loss().longestGapMs()), max(s, x -> x.loss().longestGapMs()),
                median(s, x -> x.workflowMs()), max(s, x -> x.workflowMs()), median(s, x -> x.migrationMs()), max(s, x -> x.migrationMs()))));

        System.out.printf("%nlost pings by the step that was running when they were sent (max in one run / total over the runs):%n");
        results.forEach((v, all) -> byDirection(all).forEach((dir, s) -> System.out.printf("%-14s %-16s %s%n", v, dir, perStep(s))));

        System.out.printf("%nstep durations, median ms (max), all directions:%n");
        results.forEach((v, s) -> System.out.printf("%-14s %s%n", v, stepTimes(s)));
        goals(results);
    }

    private static Map<String, List<Benchmark.Sample>> byDirection(List<Benchmark.Sample> samples) {
        return samples.stream().collect(Collectors.groupingBy(Benchmark.Sample::direction, TreeMap::new, Collectors.toList()));
    }

    private static String perStep(List<Benchmark.Sample> samples) {
        Set<String> steps = new LinkedHashSet<>();
        samples.forEach(s -> steps.addAll(s.loss().lostByStep().keySet()));
        List<String> parts = new ArrayList<>();
        for (String step : steps) {
            long max = max(samples, s -> s.loss().lostByStep().getOrDefault(step, 0));
            long total = samples.stream().mapToLong(s -> s.loss().lostByStep().getOrDefault(step, 0)).sum();
            parts.add(step + " " + max + "/" + total);
        }
        return String.join(", ", parts);
    }

    private static String stepTimes(List<Benchmark.Sample> samples) {
        Set<String> steps = new LinkedHashSet<>();
        samples.forEach(s -> s.timeline().steps().forEach(i -> steps.add(i.step())));
        return steps.stream().map(step -> step + " " + median(samples, s -> s.timeline().millisOf(step)) + " ("
                + max(samples, s -> s.timeline().millisOf(step)) + ")").collect(Collectors.joining(", "));
    }

    static String nonZero(Map<String, Integer> lostByStep) {
        Map<String, Integer> shown = new LinkedHashMap<>();
        lostByStep.forEach((k, v) -> { if (v > 0) shown.put(k, v); });
        return shown.isEmpty() ? "none" : shown.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /**
     * Goals: every bond run within plain migration's max + 5 in the same direction; overhead <= 2 s (median). Plain runs
     * the observer did not measure on the guest ({@link Benchmark.Sample#measuredOnGuest()}) are left out of the reference;
     * with none left in a direction, its goal is not judged.
     */
    private static void goals(Map<String, List<Benchmark.Sample>> results) {
        List<Benchmark.Sample> plain = results.get("plain-virtio");
        if (plain == null) return;
        List<Benchmark.Sample> measured = plain.stream().filter(Benchmark.Sample::measuredOnGuest).toList();
        if (measured.size() < plain.size()) {
            System.out.printf("%d of %d plain runs left out of the reference (still in the tables above): the observer did not measure them on the guest%n",
                    plain.size() - measured.size(), plain.size());
        }
        Map<String, List<Benchmark.Sample>> plainByDir = byDirection(measured);
        for (String bond : List.of("bond-macvtap", "bond-ovs")) {
            List<Benchmark.Sample> runs = results.get(bond);
            if (runs == null) continue;
            byDirection(runs).forEach((dir, s) -> {
                long worst = max(s, x -> x.lost());
                List<Benchmark.Sample> reference = plainByDir.get(dir);
                if (reference == null) {
                    System.out.printf("%s %s: worst run lost %d pings, no plain run of this direction to judge it by: NOT judged%n", bond, dir, worst);
                    return;
                }
                long plainWorst = max(reference, x -> x.lost());
                System.out.printf("%s %s: worst run lost %d pings, plain migration's worst %d (goal <= %d): %s%n",
                        bond, dir, worst, plainWorst, plainWorst + 5, worst <= plainWorst + 5 ? "met" : "NOT met");
            });
            long extra = median(runs, x -> x.workflowMs() - x.migrationMs());
            System.out.printf("%s: %d ms longer than the migration itself, median (goal <= 2000): %s%n", bond, extra, extra <= 2000 ? "met" : "NOT met");
        }
    }

    static long median(List<Benchmark.Sample> s, ToLongFunction<Benchmark.Sample> f) {
        long[] v = s.stream().mapToLong(f).sorted().toArray();
        return v.length == 0 ? 0 : v[v.length / 2];
    }

    static long max(List<Benchmark.Sample> s, ToLongFunction<Benchmark.Sample> f) {
        return s.stream().mapToLong(f).max().orElse(0);
    }
}
