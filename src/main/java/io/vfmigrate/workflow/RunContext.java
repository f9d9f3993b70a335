package io.vfmigrate.workflow;

import io.vfmigrate.guest.GuestNames;
import io.vfmigrate.guest.GuestNetwork;
import io.vfmigrate.ports.Host;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/** What the steps of one run share: the VM, its hosts, the facts learned so far, time and waiting. */
public final class RunContext {
    private final String runId;
    private final String vm;
    private final Host source;
    private final Host destination;
    private final Facts facts;
    private final Poll poll;
    private final VfReservations reservations;
    private final Duration guestTimeout;
    private final RunControls controls;
    private final GuestNames guestNames;

    public RunContext(String runId, String vm, Host source, Host destination, Facts facts, Poll poll,
                      VfReservations reservations, Duration guestTimeout) {
        this(runId, vm, source, destination, facts, poll, reservations, guestTimeout, RunControls.NONE);
    }

    public RunContext(String runId, String vm, Host source, Host destination, Facts facts, Poll poll,
                      VfReservations reservations, Duration guestTimeout, RunControls controls) {
        this(runId, vm, source, destination, facts, poll, reservations, guestTimeout, controls, new GuestNames());
    }

    private RunContext(String runId, String vm, Host source, Host destination, Facts facts, Poll poll,
                       VfReservations reservations, Duration guestTimeout, RunControls controls, GuestNames guestNames) {
        this.guestNames = guestNames;
        this.controls = controls;
        this.runId = runId;
        this.vm = vm;
        this.source = source;
        this.destination = destination;
        this.facts = facts;
        this.poll = poll;
        this.reservations = reservations;
        this.guestTimeout = guestTimeout;
    }

    public String runId() { return runId; }
    public String vm() { return vm; }
    public Host source() { return source; }
    public Host destination() { return destination; }
    public Facts facts() { return facts; }
    public Poll poll() { return poll; }
    public VfReservations reservations() { return reservations; }
    public RunControls controls() { return controls; }

    /** The same run reading other facts: for read-only checks that must not change the run's own. */
    public RunContext withFacts(Facts other) {
        return new RunContext(runId, vm, source, destination, other, poll, reservations, guestTimeout, controls, guestNames);
    }

    /** The host the VM runs on now, as the run knows it. */
    public Host current() {
        return facts.find(FactKeys.VM_HOST).filter(destination.name()::equals).isPresent() ? destination : source;
    }

    public GuestNetwork guest() { return new GuestNetwork(current().agent(), vm, guestTimeout, guestNames); }

    /** The guest link names this run's commands addressed, in this process. */
    public GuestNames guestNames() { return guestNames; }

    public List<VfFacts> vfs() {
        return IntStream.range(0, facts.findInt(FactKeys.VF_COUNT).orElse(0)).mapToObj(i -> new VfFacts(facts, i)).toList();
    }

    public List<BondFacts> bonds() {
        return BondFacts.all(facts);
    }

    public VfFacts vf(int index) { return new VfFacts(facts, index); }
}
