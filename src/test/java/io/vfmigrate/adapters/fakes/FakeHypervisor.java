package io.vfmigrate.adapters.fakes;

import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.DomainListing;
import io.vfmigrate.ports.DomainState;
import io.vfmigrate.ports.HostResources;
import io.vfmigrate.ports.Hypervisor;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.ports.MigrationRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A fake host hypervisor: running domains and networks as XML, every call recorded, failures scripted. */
public final class FakeHypervisor implements Hypervisor {
    private final String host;
    private final Map<String, String> domains = new LinkedHashMap<>();
    private final Map<String, String> networks = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Deque<FailureException> failures = new ArrayDeque<>();

    public FakeHypervisor(String host) {
        this.host = host;
    }

    public FakeHypervisor run(String vm, String xml) {
        domains.put(vm, xml);
        return this;
    }

    public FakeHypervisor network(String name, String xml) {
        networks.put(name, xml);
        return this;
    }

    /** The next calls fail with these, one each, before any behaves normally. */
    public FakeHypervisor failNext(FailureException... next) {
        failures.addAll(List.of(next));
        return this;
    }

    public List<String> calls() { return List.copyOf(calls); }

    @Override public String host() { return host; }

    @Override public void ping() { record("ping"); }

    @Override
    public Optional<String> runningDomainXml(String vm) {
        record("runningDomainXml " + vm);
        return Optional.ofNullable(domains.get(vm));
    }

    @Override
    public DomainState domainState(String vm) {
        record("domainState " + vm);
        return domains.containsKey(vm) ? DomainState.RUNNING : DomainState.ABSENT;
    }

    @Override public void resume(String vm) { record("resume " + vm); }

    @Override public void destroy(String vm) {
        record("destroy " + vm);
        domains.remove(vm);
    }

    @Override public void undefine(String vm) { record("undefine " + vm); }

    @Override
    public List<String> runningDomainXmls() {
        record("runningDomainXmls");
        return List.copyOf(domains.values());
    }

    @Override
    public List<DomainListing> domains() {
        record("domains");
        return domains.entrySet().stream().map(e -> new DomainListing(e.getKey(),
                DomainListing.State.RUNNING, true, e.getValue())).toList();
    }

    @Override
    public Optional<String> networkXml(String network) {
        record("networkXml " + network);
        return Optional.ofNullable(networks.get(network));
    }

    @Override public void attachDevice(String vm, String deviceXml) { record("attachDevice " + vm); }

    @Override
    public void detachDevice(String vm, String deviceXml, String alias, Duration timeout) {
        record("detachDevice " + vm + " " + alias);
    }

    @Override
    public void migrate(String vm, Hypervisor destination, MigrationRequest request) {
        record("migrate " + vm + " to " + destination.host() + " via " + destination.getClass().getSimpleName());
    }

    @Override
    public Optional<MigrationProgress> jobProgress(String vm) {
        record("jobProgress " + vm);
        return Optional.empty();
    }

    @Override public void abortJob(String vm) { record("abortJob " + vm); }

    @Override
    public HostResources resources() {
        record("resources");
        return new HostResources(1024, Map.of(0, Set.of(0, 1)));
    }

    private void record(String call) {
        calls.add(call);
        FailureException next = failures.poll();
        if (next != null) throw next;
    }
}
