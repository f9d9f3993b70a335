package io.vfmigrate.adapters.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vfmigrate.adapters.agent.LibvirtGuestAgent;
import io.vfmigrate.adapters.exec.CommonsExecHostShell;
import io.vfmigrate.adapters.vfpool.EmulatedVfPool;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.DomainInterface;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Mac;
import io.vfmigrate.model.TemporaryPortSpec;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import io.vfmigrate.ports.DomainState;
import io.vfmigrate.ports.GuestExecResult;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.ports.MigrationRequest;
import io.vfmigrate.ports.MigrationRequest.Flag;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The adapters against the lab (real libvirt daemons, QEMU, a guest agent), on a guest of its own
 * that it starts and removes: {@code mvn test -Dsurefire.groups=lab -Dsurefire.excludedGroups= -Dtest=LabAdaptersTest}.
 */
@Tag("lab")
class LabAdaptersTest {
    private static final File INVENTORY = Lab.INVENTORY.toFile();
    private static final String LAB = new File("test-fixtures/lab/lab").getAbsolutePath();
    private static final String VM = "vfm-adapters";
    private static final Duration DETACH_TIMEOUT = Duration.ofSeconds(20);

    private static JsonNode hosts;
    private static LibvirtSession session;
    private static final CommonsExecHostShell LOCAL = new CommonsExecHostShell("localhost", List.of());

    @BeforeAll
    static void startGuest() throws Exception {
        // a lab test that the test command runs must fail when it cannot run, never pass by skipping
        assertTrue(INVENTORY.exists(), "the lab is not up (no " + INVENTORY + "): run `test-fixtures/lab/lab up` first");
        hosts = new ObjectMapper(new YAMLFactory()).readTree(INVENTORY).path("hosts");
        session = new LibvirtSession();
        var started = LOCAL.run(List.of(LAB, "guest", VM, "--on", "host-a"), Duration.ofMinutes(3));
        assertEquals(0, started.exitCode(), started.stderr());
    }

    @AfterAll
    static void removeGuest() {
        if (session == null) return;
        LOCAL.run(List.of(LAB, "remove-guest", VM), Duration.ofMinutes(1));
        session.close();
    }

    @Test
    void theWholeVfDanceAgainstRealLibvirt() throws Exception {
        LibvirtHypervisor a = hypervisor("host-a");
        LibvirtHypervisor b = hypervisor("host-b");
        a.ping();
        b.ping();
        assertTrue(a.resources().freeMemoryKiB() > 0);
        EmulatedVfPool poolA = new EmulatedVfPool(shell("host-a"), a, "host-a", "labnet", "esw0", "/run/vfm-eswitch", "evf", 8);
        EmulatedVfPool poolB = new EmulatedVfPool(shell("host-b"), b, "host-b", "labnet", "esw0", "/run/vfm-eswitch", "evf", 8);

        AttachedVf vf = poolA.attachedTo(domain(a)).get(0);
        assertFalse(poolA.free().contains(vf.vf()));
        exerciseTheAgent(new LibvirtGuestAgent(new LibvirtAgentChannel(session, "host-a", uri("host-a"))));

        TemporaryPortSpec.Macvtap macvtap = new TemporaryPortSpec.Macvtap("pf0", "bridge");
        String tmpXml = macvtap.deviceXml(vf.mac(), "ua-vfm-tmp");
        FailureException noDevice = assertThrows(FailureException.class, () -> a.attachDevice(VM, tmpXml));
        assertTrue(noDevice.getMessage().contains("doesn't exist"), "libvirt opens vfmigrate's macvtap, it makes none: " + noDevice.getMessage());
        makeMacvtap("host-a", macvtap, vf.mac());
        makeMacvtap("host-b", macvtap, vf.mac());   // the port migrates with the VM: QEMU opens it there
        long t0 = System.nanoTime();
        a.attachDevice(VM, tmpXml);
        log("attach macvtap", t0);
        DomainInterface tmp = domain(a).interfaces().stream().filter(i -> i.hasAlias("ua-vfm-tmp")).findFirst().orElseThrow();

        t0 = System.nanoTime();
        a.detachDevice(VM, vf.iface().xml(), vf.iface().alias().orElseThrow(), DETACH_TIMEOUT);
        log("detach VF " + vf.iface().alias().orElseThrow(), t0);
        assertTrue(poolA.attachedTo(domain(a)).isEmpty());
        assertTrue(poolA.free().contains(vf.vf()), "the slot is free again");

        assertThrows(FailureException.class, () -> a.attachDevice(VM, "<interface type='bridge'><source bridge='no-such-br'/></interface>"));

        FailureException timedOut = assertThrows(FailureException.class, () -> a.migrate(VM, b, request(Duration.ofMillis(100))));
        assertInstanceOf(Failure.Timeout.class, timedOut.failure(), timedOut.getMessage());
        assertTrue(a.isRunning(VM), "an aborted migration leaves the guest on the source");

        List<MigrationProgress> progress = new CopyOnWriteArrayList<>();
        Thread watcher = watchProgress(a, progress);
        t0 = System.nanoTime();
        a.migrate(VM, b, request(Duration.ofMinutes(2)));
        log("migrate", t0);
        watcher.interrupt();
        log("progress samples " + progress.size() + (progress.isEmpty() ? "" : ", last " + progress.get(progress.size() - 1)), System.nanoTime());
        assertTrue(b.isRunning(VM));
        assertFalse(a.isRunning(VM));
        // libvirt's completed job, read twice (kept, not destroyed by the first read), says which way it went
        assertEquals(DomainState.Completed.MIGRATION_IN, b.domainState(VM).completed(), () -> b.domainState(VM).toString());
        assertTrue(b.domainState(VM).migratedIn(), () -> b.domainState(VM).toString());
        assertTrue(b.runningDomainXml(VM).orElseThrow().contains("ua-vfm-tmp"), "the temporary port moved along");
        removeMacvtap("host-a", vf.mac());
        new LibvirtGuestAgent(new LibvirtAgentChannel(session, "host-b", uri("host-b"))).ping(VM, Duration.ofSeconds(10));

        Vf target = poolB.free().get(0);
        t0 = System.nanoTime();
        b.attachDevice(VM, poolB.deviceXml(target, VfSettings.of(vf.mac())));
        log("attach VF " + target.id() + " on host-b", t0);
        List<AttachedVf> attachedOnB = poolB.attachedTo(domain(b));
        assertEquals(List.of(target.id()), attachedOnB.stream().map(x -> x.vf().id()).toList());
        theDeviceRemovedEventArrives(b, attachedOnB.get(0).iface());

        t0 = System.nanoTime();
        b.detachDevice(VM, tmp.xml(), "ua-vfm-tmp", DETACH_TIMEOUT);
        log("detach macvtap on host-b", t0);
        b.detachDevice(VM, tmp.xml(), "ua-vfm-tmp", DETACH_TIMEOUT); // idempotent
        removeMacvtap("host-b", vf.mac());
    }

    private static void makeMacvtap(String host, TemporaryPortSpec.Macvtap macvtap, Mac mac) {
        var r = shell(host).runAll(macvtap.createCommands(mac, java.util.Optional.empty()), Duration.ofSeconds(10));
        assertEquals(0, r.exitCode(), host + ": " + r.stderr());
    }

    private static void removeMacvtap(String host, Mac mac) {
        var r = shell(host).run(TemporaryPortSpec.Macvtap.deleteCommand(mac), Duration.ofSeconds(10));
        assertEquals(0, r.exitCode(), host + ": " + r.stderr());
    }

    /** Straight through libvirt-java and the JNA callback, without the XML fallback of detachDevice. */
    private static void theDeviceRemovedEventArrives(LibvirtHypervisor on, DomainInterface iface) throws Exception {
        String alias = iface.alias().orElseThrow();
        DeviceEvents events = on.connection().deviceEvents();
        var outcome = events.expect(VM, alias);
        long t0 = System.nanoTime();
        on.onDomain(VM, domain -> {
            domain.detachDeviceFlags(iface.xml(), org.libvirt.Domain.DeviceModifyFlags.LIVE);
            return null;
        });
        assertEquals(DeviceEvents.Outcome.REMOVED, outcome.get(10, java.util.concurrent.TimeUnit.SECONDS));
        log("DEVICE_REMOVED event for " + alias, t0);
    }

    private static void exerciseTheAgent(LibvirtGuestAgent agent) {
        agent.ping(VM, Duration.ofSeconds(5));
        Set<String> enabled = agent.enabledCommands(VM);
        assertTrue(enabled.containsAll(Set.of("guest-exec", "guest-exec-status")), enabled.toString());
        long t0 = System.nanoTime();
        GuestExecResult slaves = agent.exec(VM, List.of("cat", "/sys/class/net/bond0/bonding/slaves"), Duration.ofSeconds(10));
        log("guest exec cat slaves -> " + slaves, t0);
        assertEquals(0, slaves.exitCode());
        assertEquals(4, agent.exec(VM, List.of("sh", "-c", "echo out; echo err >&2; exit 4"), Duration.ofSeconds(10)).exitCode());
        FailureException timeout = assertThrows(FailureException.class, () -> agent.exec(VM, List.of("sleep", "3"), Duration.ofMillis(500)));
        assertInstanceOf(Failure.Timeout.class, timeout.failure());
        FailureException missing = assertThrows(FailureException.class, () -> agent.exec(VM, List.of("/no/such/program"), Duration.ofSeconds(5)));
        log("missing program -> " + missing.failure(), System.nanoTime());
        assertInstanceOf(Failure.GuestCommandFailed.class, missing.failure());
    }

    private static Thread watchProgress(LibvirtHypervisor source, List<MigrationProgress> into) {
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    source.jobProgress(VM).ifPresent(into::add);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (FailureException ignored) {
                    // the domain is gone from the source at the end
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    private static MigrationRequest request(Duration timeout) {
        return new MigrationRequest(Optional.of(hosts.path("host-b").path("migration-uri").asText()),
                Set.of(Flag.LIVE, Flag.PERSIST_DEST, Flag.UNDEFINE_SOURCE), Optional.of(Duration.ofMillis(300)), Optional.empty(), timeout);
    }

    private static DomainDescription domain(LibvirtHypervisor on) {
        return DomainDescription.parse(on.runningDomainXml(VM).orElseThrow());
    }

    @Test
    void aPausedDomainIsNotRunningAndIsResumed() {
        String host = hypervisor("host-a").isActive(VM) ? "host-a" : "host-b";
        LibvirtHypervisor h = hypervisor(host);
        assertEquals(DomainState.Kind.RUNNING, h.domainState(VM).kind());
        LOCAL.run(List.of(LAB, "virsh", host, "suspend", VM), Duration.ofSeconds(30));
        var paused = h.domainState(VM);
        assertEquals(DomainState.Kind.PAUSED, paused.kind(), paused::toString);
        assertEquals("user", paused.reason());
        assertFalse(h.isRunning(VM));
        assertTrue(h.isActive(VM));
        h.resume(VM);
        assertTrue(h.isRunning(VM));
        h.resume(VM);   // idempotent
        assertEquals(List.of(), h.orphanNetdevs(VM), "QEMU lists no backend without its device");
        // an orphan made by hand (a backend no device uses): listed, then removed; a name that is no orphan is left alone
        var added = LOCAL.run(List.of(LAB, "virsh", host, "qemu-monitor-command", VM, "--hmp", "netdev_add user,id=vfmorphan0"), Duration.ofSeconds(30));
        assertEquals(0, added.exitCode(), added::toString);
        assertTrue(h.orphanNetdevs(VM).stream().anyMatch(o -> o.startsWith("vfmorphan0 (")), () -> h.orphanNetdevs(VM).toString());
        assertFalse(h.removeOrphanNetdev(VM, "vfmnosuchnetdev"));
        assertTrue(h.removeOrphanNetdev(VM, "vfmorphan0"));
        assertEquals(List.of(), h.orphanNetdevs(VM), "the orphan is gone");
        assertFalse(h.removeOrphanNetdev(VM, "vfmorphan0"), "idempotent");
        assertEquals(DomainState.ABSENT, h.domainState("vfm-no-such-domain"));
        h.destroy("vfm-no-such-domain");   // idempotent on an absent domain
        h.undefine("vfm-no-such-domain");
    }

    private static LibvirtHypervisor hypervisor(String host) {
        return new LibvirtHypervisor(session, host, uri(host));
    }

    private static String uri(String host) {
        return hosts.path(host).path("libvirt-uri").asText();
    }

    private static CommonsExecHostShell shell(String host) {
        List<String> prefix = new ArrayList<>();
        hosts.path(host).path("shell").forEach(p -> prefix.add(p.asText()));
        return new CommonsExecHostShell(host, prefix);
    }

    private static void log(String what, long startNanos) {
        System.out.printf("lab: %s (%d ms)%n", what, Math.max(0, (System.nanoTime() - startNanos) / 1_000_000));
    }
}
