package io.vfmigrate.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The main job on the lab: migrates vm1 to the other host and back with bond-macvtap, printing each
 * step with its duration and the network downtime seen by a ping every 10 ms from the observer. vfmigrate
 * runs as a coordinator on its own machine would: in the lab's management namespace, reaching the hosts'
 * libvirt over TLS and their shells over ssh (the lab's vfmigrate-tls.yaml).
 */
public final class Demo {
    private static final Path TLS_INVENTORY = Lab.INVENTORY.resolveSibling("vfmigrate-tls.yaml");

    private Demo() {}

    public static void main(String[] args) throws Exception {
        String workflow = args.length > 0 ? args[0] : "bond-macvtap";
        String start = where();
        String other = start.equals("host-a") ? "host-b" : "host-a";
        int worst = 0;
        for (String to : List.of(other, start)) {
            System.out.printf("%n=== (in the management namespace) vfmigrate --inventory %s migrate vm1 --to %s --workflow %s%n",
                    TLS_INVENTORY, to, workflow);
            int code;
            PingMeter.Loss loss;
            try (PingMeter ping = new PingMeter("192.0.2.11")) {
                Thread.sleep(500);
                code = runShowing("migrate", "vm1", "--to", to, "--workflow", workflow);
                Thread.sleep(500);
                loss = ping.stop();
            }
            System.out.printf("exit code %d; network downtime seen from the observer (ping every 10 ms): %s%n", code, loss);
            worst = Math.max(worst, code);
        }
        System.out.printf("%nwhere vm1 runs now:%n");
        for (String h : List.of("host-a", "host-b")) {
            System.out.printf("  %s: %s%n", h, String.join(" ", Shell.lab("virsh", h, "list", "--name").ok().out().strip().lines().toList()));
        }
        System.exit(worst);
    }

    static String where() {
        for (String h : List.of("host-a", "host-b")) {
            if (Shell.lab("virsh", h, "list", "--name").ok().out().lines().anyMatch("vm1"::equals)) return h;
        }
        throw new IllegalStateException("vm1 runs on no lab host");
    }

    private static int runShowing(String... args) throws Exception {
        List<String> argv = Vfmigrate.managementArgv(TLS_INVENTORY, args);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) System.out.println(line);
        }
        return p.waitFor();
    }

}
