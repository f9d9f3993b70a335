package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.DomainInterface;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.Matcher;
import java.util.Arrays;
import java.util.Map;
import java.util.HashMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The namespace lab as seen from outside vfmigrate: its `lab` command, virsh, the hosts' links and OVS
 * ports, the guest through its agent, and the observer's ping.
 */
public final class Lab {
    /**
     * The lab pod these tests use: {@code VFM_LAB_POD} (the `lab` script reads it too), which Surefire sets to its
     * fork number when the lab tests run on two pods at once (test-fixtures/run-tests); 1 when unset.
     */
    public static final int POD = Integer.parseInt(System.getenv().getOrDefault("VFM_LAB_POD", "1"));
    public static final Path INVENTORY = Path.of(System.getenv().getOrDefault("VFMIGRATE_LAB_INVENTORY",
            System.getenv().getOrDefault("VFM_LAB_DIR", POD == 1 ? "/run/vfmigrate-lab" : "/run/vfmigrate-lab-pod" + POD) + "/vfmigrate.yaml"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private Lab() {}

    public static void requireUp() {
        assertTrue(Files.exists(INVENTORY), "the lab is not up (no " + INVENTORY + "): run `test-fixtures/lab/lab up` first");
        holdPod();
        lab("status").ok();
    }

    /** The lock on this pod that this JVM holds for its life, once {@link #requireUp} took it. */
    private static java.nio.channels.FileLock podLock;

    /**
     * Takes this pod for this JVM: two test JVMs on one pod (a {@code VFM_LAB_POD} that Surefire did not set per
     * fork) would move each other's guests and fill each other's stores, failing far from the cause.
     */
    private static synchronized void holdPod() {
        if (podLock != null) return;
        Path lock = INVENTORY.getParent().resolve(".test-jvm.lock");
        try {
            @SuppressWarnings("resource") // held until the JVM exits
            java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            podLock = ch.tryLock();
            if (podLock == null) {
                ch.close();
                throw new AssertionError("lab pod " + POD + " (" + INVENTORY.getParent() + ") is in use by another test JVM: "
                        + "each JVM needs a pod of its own (VFM_LAB_POD, which -Dlab.pods sets to Surefire's fork number)");
            }
        } catch (IOException e) {
            throw new AssertionError("cannot lock lab pod " + POD + " at " + lock + ": " + e, e);
        }
    }

    public static Shell.Result lab(String... args) { return Shell.lab(args); }

    /**
     * The PostgreSQL store for this pod's tests, null without one: {@code VFMIGRATE_TEST_PG_URL}, whose database is
     * {@code vfmigrate_podN} in pod N > 1 (`test-fixtures/postgres/pg database vfmigrate_podN` makes it), so that two
     * pods' coordinators, with the same host and VM names, never share a store.
     */
    public static String postgresUrl() {
        String url = System.getenv("VFMIGRATE_TEST_PG_URL");
        if (url == null || url.isBlank()) return null;
        if (POD == 1) return url;
        Matcher db = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]+)(.*)$").matcher(url);
        if (!db.matches()) throw new IllegalStateException("VFMIGRATE_TEST_PG_URL has no database to suffix for pod " + POD + ": " + url);
        return db.group(1) + db.group(2) + "_pod" + POD + db.group(3);
    }

    /**
     * Starts guests at once, each `lab guest ARGS...` in a process of its own (the lab picks slots and
     * addresses under its lock, then the guests boot and their agents are waited for side by side).
     */
    public static void guests(List<List<String>> each) {
        List<CompletableFuture<Shell.Result>> started = each.stream()
                .map(args -> CompletableFuture.supplyAsync(() -> lab(args.toArray(String[]::new)), GUEST_STARTS)).toList();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < each.size(); i++) {
            Shell.Result r = started.get(i).join();
            if (r.exit() != 0) failed.add(String.join(" ", each.get(i)) + ": exit " + r.exit() + " " + r.err());
        }
        assertEquals(List.of(), failed, "guests that did not start");
    }

    private static final ExecutorService GUEST_STARTS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lab-guest");
        t.setDaemon(true);
        return t;
    });

    /** The lab's hosts, in order (host-a, host-b, and host-c when a test added it). */
    public static List<String> hosts() {
        try (var dirs = Files.list(INVENTORY.getParent())) {
            return dirs.filter(d -> d.getFileName().toString().matches("host-[a-z]") && Files.exists(d.resolve(".host")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list the lab's hosts in " + INVENTORY.getParent(), e);
        }
    }

    public static List<String> hostsRunning(String vm) {
        List<String> hosts = new ArrayList<>();
        for (String h : hosts()) {
            if (lab("virsh", h, "list", "--name").ok().out().lines().anyMatch(vm::equals)) hosts.add(h);
        }
        return hosts;
    }

    /** The file {@code path} on {@code host} (in its namespaces), empty when it is not there. */
    public static String fileOn(String host, String path) {
        Shell.Result r = lab("exec", host, "--", "cat", path);
        return r.exit() == 0 ? r.out() : "";
    }

    public static DomainDescription domain(String host, String vm) {
        return DomainDescription.parse(lab("virsh", host, "dumpxml", vm).ok().out());
    }

    /** Runs an argv in the guest through `virsh qemu-agent-command` (not through vfmigrate). */
    public static String guestExec(String host, String vm, String... argv) {
        try {
            String req = JSON.writeValueAsString(JSON.createObjectNode().put("execute", "guest-exec").set("arguments",
                    JSON.createObjectNode().put("path", argv[0]).put("capture-output", true)
                            .set("arg", JSON.valueToTree(List.of(argv).subList(1, argv.length)))));
            int pid = JSON.readTree(lab("virsh", host, "qemu-agent-command", vm, req).ok().out()).at("/return/pid").asInt();
            for (int i = 0; i < 200; i++) {
                JsonNode st = JSON.readTree(lab("virsh", host, "qemu-agent-command", vm,
                        "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}").ok().out()).get("return");
                if (st.get("exited").asBoolean()) {
                    String data = st.has("out-data") ? st.get("out-data").asText() : "";
                    return new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
                }
                Thread.sleep(50);
            }
            throw new AssertionError("guest command did not finish: " + String.join(" ", argv));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The emulated VF to which {@code host}'s embedded switch steers {@code mac} (a static entry: a programmed VF MAC). */
    public static Optional<String> steeredPort(String host, String mac) {
        return steeredPort(host, mac, ESWITCH);
    }

    /** The same on the embedded switch {@code eswitch} (esw0: PF 0, esw1: PF 1). */
    public static Optional<String> steeredPort(String host, String mac, String eswitch) {
        Map<String, String> names = new HashMap<>();
        Matcher port = Pattern.compile("^\\s*(\\d+)\\((\\S+)\\):").matcher("");
        eswitchRun(host, eswitch, "ovs-ofctl", "show").ok().out().lines().forEach(l -> {
            if (port.reset(l).find()) names.put(port.group(1), port.group(2));
        });
        return eswitch(host, "ovs-appctl", "fdb/show", eswitch).lines().map(l -> l.strip().split("\\s+"))
                .filter(f -> f.length == 4 && f[2].equalsIgnoreCase(mac) && f[3].equals("static"))
                .map(f -> names.getOrDefault(f[0], "port " + f[0])).findFirst();
    }

    /** The embedded switch's VLAN tag of an emulated VF's port (the VF's VLAN), empty when untagged. */
    public static Optional<Integer> vfVlan(String host, String vf) {
        String tag = eswitch(host, "ovs-vsctl", "get", "port", vf, "tag").strip();
        return tag.matches("\\d+") ? Optional.of(Integer.parseInt(tag)) : Optional.empty();
    }

    public static final String ESWITCH = "esw0";

    /** How many frames the VF stand-ins' taps hold now for a guest NIC that is not reading ({@code lab vf-queue N}). */
    public static String vfQueue() {
        return lab("exec", "host-a", "--", "cat", "/sys/class/net/evf0/tx_queue_len").ok().out().strip();
    }

    /** {@code lab vf-queue 1}: the VF stand-ins drop what a guest NIC that is not up yet would get, as real VFs do. */
    public static void vfStandInsDrop() {
        lab("vf-queue", "1").ok();
        System.out.println("VF stand-ins drop frames for a guest NIC that is not up (lab vf-queue 1), as real VFs do");
    }

    /** An Open vSwitch command against {@code host}'s embedded switch of PF 0, its output (a failure fails the test). */
    public static String eswitch(String host, String command, String... args) {
        return eswitchRun(host, ESWITCH, command, args).ok().out();
    }

    /**
     * The same against the embedded switch {@code bridge} (ovs-ofctl's target; esw0: PF 0, esw1: PF 1), its result
     * unchecked (e.g. an fdb/del of an entry that may be gone already).
     */
    public static Shell.Result eswitchRun(String host, String bridge, String command, String... args) {
        List<String> argv = new ArrayList<>(List.of("exec", host, "--", command));
        switch (command) {
            case "ovs-vsctl" -> argv.addAll(List.of("--db=unix:/run/vfm-eswitch/db.sock", "--timeout=10"));
            case "ovs-appctl" -> argv.add("--target=/run/vfm-eswitch/ovs-vswitchd.ctl");
            case "ovs-ofctl" -> { argv.add(args[0]); argv.add("unix:/run/vfm-eswitch/" + bridge + ".mgmt"); args = Arrays.copyOfRange(args, 1, args.length); }
            default -> throw new IllegalArgumentException(command);
        }
        argv.addAll(List.of(args));
        return lab(argv.toArray(String[]::new));
    }

    /** Takes emulated VF slots of {@code host} out of its pool (their taps leave the switch), as if they did not exist. */
    public static List<String> takeVfSlots(String host, int from, int to) {
        List<String> taken = new ArrayList<>();
        for (int k = from; k < to; k++) {
            eswitch(host, "ovs-vsctl", "--if-exists", "del-port", ESWITCH, "evf" + k);
            taken.add("evf" + k);
        }
        return taken;
    }

    public static void giveBackVfSlots(String host, List<String> taps) {
        taps.forEach(t -> eswitch(host, "ovs-vsctl", "--may-exist", "add-port", ESWITCH, t));
    }

    /** One echo reply to the observer, asked up to three times (the first reply ends it: no fixed 0.4 s per check). */
    public static boolean observerReaches(String address) {
        for (int i = 0; i < 3; i++) {
            if (lab("observer", "--", "ping", "-c", "1", "-W", "2", address).exit() == 0) return true;
        }
        return false;
    }

    /**
     * The VM is healthy on {@code host} and only there: its XML has exactly its VF stand-in with the
     * original MAC and no temporary port; neither host has a macvtap device or a tap on the OVS bridge
     * left; inside the guest bond0's only and active slave is the NIC with that MAC; the observer pings it.
     */
    public static void assertHealthyOn(String host, String vm, String mac, String address) { assertHealthyOn(host, vm, mac, address, ""); }

    /** As {@link #assertHealthyOn(String, String, String, String)}, but for {@code macvtapLeft} on {@code host} (a repair by hand left it). */
    public static void assertHealthyOn(String host, String vm, String mac, String address, String macvtapLeft) {
        assertEquals(List.of(host), hostsRunning(vm), "where " + vm + " runs");
        List<DomainInterface> ifaces = domain(host, vm).interfaces();
        assertEquals(1, ifaces.size(), () -> "interfaces of " + vm + ": " + ifaces);
        DomainInterface vf = ifaces.get(0);
        assertEquals("ethernet", vf.type());
        assertTrue(vf.targetDev().orElse("").matches("evf\\d+"), vf::toString);
        assertEquals(mac, vf.mac().value());
        assertTrue(vf.virtualportType().isEmpty(), vf::toString);
        assertEquals(vf.targetDev().orElseThrow(), steeredPort(host, mac).orElse("(none)"), "the MAC is steered to the VF the VM uses");
        for (String h : hosts()) {
            if (!h.equals(host)) assertEquals(Optional.empty(), steeredPort(h, mac), "no VF of " + h + " keeps the VM's MAC");
            String links = lab("exec", h, "--", "ip", "-o", "link", "show", "type", "macvtap").ok().out();
            List<String> names = links.lines().map(l -> l.split(": ")[1].split("@")[0]).toList();
            assertEquals(h.equals(host) && !macvtapLeft.isEmpty() ? List.of(macvtapLeft) : List.of(), names, () -> "macvtaps on " + h + ": " + links);
            String ports = lab("exec", h, "--", "ovs-vsctl", "list-ports", "br-ovs").ok().out();
            assertTrue(ports.lines().noneMatch(p -> p.startsWith("vnet") || p.startsWith("tap")), () -> "OVS ports left on " + h + ": " + ports);
        }
        String slaves = guestExec(host, vm, "cat", "/sys/class/net/bond0/bonding/slaves").strip();
        String active = guestExec(host, vm, "cat", "/sys/class/net/bond0/bonding/active_slave").strip();
        assertEquals(active, slaves, "bond0's only slave is the active one");
        String perm = guestExec(host, vm, "cat", "/sys/class/net/" + active + "/bonding_slave/perm_hwaddr").strip();
        assertEquals(mac, perm, "the active slave is the VF");
        if (address != null) assertTrue(observerReaches(address.replaceAll("/.*", "")), "the observer reaches " + address);
    }
}
