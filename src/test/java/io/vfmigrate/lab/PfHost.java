package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.adapters.exec.CommonsExecHostShell;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.ports.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The lab's PF host ({@code lab pf-host up}: an emulated Intel 82576 driven by the real igb and igbvf drivers)
 * as its inventory describes it: the shell that runs commands inside it and its PF. Started by the first test
 * that needs it when it is not up (test-fixtures/run-tests starts it beforehand), and then stopped at the end
 * of the JVM; one that was up already is left up.
 */
final class PfHost {
    static final String HOST = "pf-host";
    static final String NETWORK = "igbnet";
    private static final Pattern PCI = Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]");
    private static final Path INVENTORY = Path.of(System.getenv().getOrDefault("VFM_LAB_DIR",
            Lab.POD == 1 ? "/run/vfmigrate-lab" : "/run/vfmigrate-lab-pod" + Lab.POD) + "-pf-host/vfmigrate.yaml");
    private static PfHost up;

    final CommonsExecHostShell shell;
    final String pf;

    private PfHost(Inventory.HostConfig host) {
        this.shell = new CommonsExecHostShell(HOST, host.shell());
        this.pf = ((Inventory.VfPoolConfig.Pf) host.networks().get(NETWORK).vfPool()).pf();
    }

    static synchronized PfHost get() {
        if (up != null) return up;
        if (!Files.exists(INVENTORY) || Lab.lab("pf-host", "status").exit() != 0) {
            Lab.lab("pf-host", "up").ok();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Lab.lab("pf-host", "down")));
        }
        up = new PfHost(InventoryLoader.load(INVENTORY).host(HOST));
        return up;
    }

    /** Runs in the PF host; a non-zero exit fails the test with the command's stderr. */
    String run(String... argv) {
        ExecResult r = result(argv);
        assertEquals(0, r.exitCode(), () -> String.join(" ", argv) + ": " + r.stderr());
        return r.stdout();
    }

    ExecResult result(String... argv) { return shell.run(List.of(argv), Duration.ofSeconds(30)); }

    /** VF N's line of {@code ip link show dev PF}, stripped. */
    String vfLine(int n) {
        for (String line : run("ip", "link", "show", "dev", pf).split("\n")) {
            if (line.strip().startsWith("vf " + n + " ")) return line.strip();
        }
        throw new AssertionError("no vf " + n + " in ip link show dev " + pf);
    }

    /** VF N's PCI address, from its sysfs link. */
    String address(int n) {
        String target = run("readlink", "/sys/class/net/" + pf + "/device/virtfn" + n).strip();
        String address = target.substring(target.lastIndexOf('/') + 1);
        if (!PCI.matcher(address).matches()) throw new AssertionError("virtfn" + n + " -> " + target);
        return address;
    }

    /** The MAC of VF N's own netdev (igbvf's) in the PF host. */
    String vfNetdevMac(int n) {
        return run("sh", "-c", "cat /sys/class/net/\"$1\"/device/virtfn\"$2\"/net/*/address", "sh", pf, String.valueOf(n)).strip();
    }

    /** Brings VF N's own netdev up or down. */
    void setVfNetdevUp(int n, boolean up) {
        run("sh", "-c", "ip link set dev \"$(ls /sys/class/net/\"$1\"/device/virtfn\"$2\"/net/)\" \"$3\"", "sh", pf, String.valueOf(n), up ? "up" : "down");
    }

    /** Unbinds VF N from igbvf and binds it again: the driver takes the MAC the PF gives it at its probe. */
    void reloadVfDriver(int n) {
        String address = address(n);
        run("sh", "-c", "echo \"$1\" > /sys/bus/pci/drivers/igbvf/unbind && echo \"$1\" > /sys/bus/pci/drivers/igbvf/bind", "sh", address);
    }

    /** Every VF as igb has it after sriov_numvfs: no MAC, no VLAN, spoof checking on, trust off. */
    void resetVfs(int count) {
        for (int n = 0; n < count; n++) {
            run("ip", "link", "set", "dev", pf, "vf", String.valueOf(n), "mac", "00:00:00:00:00:00", "vlan", "0", "spoofchk", "on", "trust", "off");
        }
    }

    static List<String> ids(List<io.vfmigrate.model.Vf> vfs) {
        List<String> ids = new ArrayList<>();
        vfs.forEach(vf -> ids.add(vf.id()));
        return ids;
    }
}
