package io.vfmigrate.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.store.InMemoryHostFlags;
import io.vfmigrate.adapters.store.InMemoryJournal;
import io.vfmigrate.adapters.store.InMemoryLeases;
import io.vfmigrate.adapters.store.InMemoryMaintenances;
import io.vfmigrate.adapters.store.InMemoryMoveSlots;
import io.vfmigrate.app.DeadHolders;
import io.vfmigrate.app.HostConnector;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.run.MigrateVm;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.workflow.Poll;
import io.vfmigrate.workflow.steps.StepTypes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Two fake hosts, host-a with vm1 (one VF in bond0) and host-b, wired as the CLI wires real ones. */
public final class Harness {
    public static final String MAC = "52:54:00:c0:00:11";
    /** The macvtap vfmigrate makes for vm1's temporary port. */
    public static final String MACVTAP = "vft525400c00011";
    public static final String INVENTORY = """
            hosts:
              host-a:
                libvirt-uri: test:///a
                migration-uri: tcp://198.18.0.11
                networks:
                  physnet0:
                    vf-pool: {type: emulated, bridge: br0, slots: 4}
                    temporary-port: [{type: macvtap, dev: br0}, {type: ovs, bridge: br-ovs}]
              host-b:
                libvirt-uri: test:///b
                migration-uri: tcp://198.18.0.12
                networks:
                  physnet0:
                    vf-pool: {type: emulated, bridge: br0, slots: 4}
                    temporary-port: [{type: macvtap, dev: br0}, {type: ovs, bridge: br-ovs}]
            """;

    public final FakeWorld world = new FakeWorld();
    public final FakeClock clock = new FakeClock();
    public final InMemoryLeases leases = new InMemoryLeases(clock);
    public final InMemoryJournal journal = new InMemoryJournal(clock, leases);
    public final InMemoryHostFlags hostFlags = new InMemoryHostFlags(clock);
    public final InMemoryMoveSlots moveSlots = new InMemoryMoveSlots(leases);
    public final InMemoryMaintenances maintenances = new InMemoryMaintenances();
    public final Trace trace = new Trace();
    private final AtomicInteger ids = new AtomicInteger();

    public Harness() {
        world.addHost("host-a", 4);
        world.addHost("host-b", 4);
        world.bondedVm("host-a", "vm1", MAC);
    }

    /** vm1's VF (host-a's fvf0) is on this VLAN, as its pool reads it: a VLAN provider network. */
    public Harness vfOnVlan(int vlan) {
        world.pools.get("host-a").programmedVlan.put("fvf0", vlan);
        return this;
    }

    /** A second VF of vm1 (host-a's slot {@code slot}, the same MAC) enslaved in bond0 beside the first. */
    public FakeGuest.Link secondVfInBond(int slot) {
        FakeGuest g = a().guest("vm1");
        a().plugForSetUp("vm1", world.pools.get("host-a").xmlFor(slot, MAC));
        FakeGuest.Link second = g.links.values().stream().filter(l -> l.master == null && l.permMac.equals(MAC)
                && !g.bonds.containsKey(l.name)).findFirst().orElseThrow();
        g.enslave(second.name, "bond0");
        return second;
    }

    public Inventory inventory() { return InventoryLoader.parse("test-inventory.yaml", INVENTORY); }

    public HostConnector connector() { return config -> world.host(config.name()); }

    public Services services() { return services("test-coordinator"); }

    public Services services(String coordinator) { return services(coordinator, DeadHolders.NONE); }

    /** A coordinator that recognises dead lease holders with {@code dead}. */
    public Services services(String coordinator, DeadHolders dead) {
        return new Services(inventory(), connector(), new WorkflowLoader(StepTypes.catalog(), Optional.empty()), journal, leases,
                clock, new Poll(clock, clock), coordinator, () -> "run-" + ids.incrementAndGet(), Duration.ofSeconds(5), Duration.ofMinutes(5),
                dead, hostFlags, moveSlots, maintenances);
    }

    /** A coordinator whose state store fails as {@code store} says (its journal and move slots). */
    public Services services(FullStore store) {
        Services s = services();
        return new Services(s.inventory(), s.connector(), s.workflows(), store.journal(journal), s.leases(), s.clock(), s.poll(),
                s.coordinator(), s.runIds(), s.guestTimeout(), s.leaseTtl(), s.deadHolders(), s.hostFlags(), store.moveSlots(moveSlots), s.maintenances());
    }

    /** {@code s} with another inventory and workflow loader, everything else (fakes, journal, leases, clock) shared. */
    public static Services with(Services s, Inventory inventory, WorkflowLoader workflows) {
        return new Services(inventory, s.connector(), workflows, s.journal(), s.leases(), s.clock(), s.poll(), s.coordinator(), s.runIds(),
                s.guestTimeout(), s.leaseTtl(), s.deadHolders(), s.hostFlags(), s.moveSlots(), s.maintenances());
    }

    public MigrationResult migrate(String workflow, boolean dryRun) {
        return new MigrateVm(services()).run(new MigrateRequest("vm1", Optional.empty(), "host-b", workflow, dryRun), List.of(trace));
    }

    public FakeHypervisor a() { return world.hypervisors.get("host-a"); }
    public FakeHypervisor b() { return world.hypervisors.get("host-b"); }

    /** Where vm1 runs, checked on the fakes' own state (not through vfmigrate). */
    public FakeHypervisor whereVm() {
        if (a().runs("vm1") && b().runs("vm1")) throw new AssertionError("vm1 runs on both hosts");
        return a().runs("vm1") ? a() : b();
    }

    /** Checked on the fakes' state: runs only there, the VF with its MAC, no temporary port, bond active on the VF. */
    public void assertHealthyOn(FakeHypervisor host, String vfSlot) { assertHealthyOn(host, vfSlot, java.util.Set.of()); }

    /** As {@link #assertHealthyOn(FakeHypervisor, String)}, with {@code macvtapsLeft} on {@code host} (a repair by hand left them). */
    public void assertHealthyOn(FakeHypervisor host, String vfSlot, java.util.Set<String> macvtapsLeft) {
        assertSame(host, whereVm());
        List<String> xml = host.interfaceXmls("vm1");
        assertEquals(1, xml.size(), xml::toString);
        assertTrue(xml.get(0).contains("fvf" + vfSlot.substring(3)) && xml.get(0).contains(Harness.MAC), xml::toString);
        FakeGuest g = host.guest("vm1");
        FakeGuest.Bond bond = g.bonds.get("bond0");
        assertEquals(1, bond.slaves.size(), bond.slaves::toString);
        assertEquals(bond.slaves.get(0), bond.active);
        assertEquals(Harness.MAC, g.links.get(bond.active).permMac);
        assertEquals("0", bond.allSlavesActive, "the bond's all_slaves_active is as it was before the run");
        world.pools.forEach((name, pool) -> assertEquals(name.equals(host.host()) ? java.util.Map.of(vfSlot, Harness.MAC) : java.util.Map.of(),
                pool.programmedMac, "the VM's MAC is steered to the VF it uses, on " + name + ", and to no other"));
        world.macvtaps.forEach((name, devices) -> assertEquals(name.equals(host.host()) ? macvtapsLeft : java.util.Set.of(), devices,
                "the temporary port's macvtaps left on " + name));
        assertEquals(List.of(), world.macvtapsRemovedInUse, "no macvtap was removed from under a VM's port");
    }
}
