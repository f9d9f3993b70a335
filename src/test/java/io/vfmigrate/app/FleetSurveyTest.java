package io.vfmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.planning.FleetSnapshot;
import io.vfmigrate.planning.HostView;
import io.vfmigrate.planning.Readiness;
import io.vfmigrate.planning.VmView;
import io.vfmigrate.ports.DomainListing;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FleetSurveyTest {
    final Harness h = new Harness();

    VmView vm(FleetSnapshot s, String host, String vm) { return s.host(host).orElseThrow().vm(vm).orElseThrow(); }

    /** The deadline is the services' clock's (here a fake one that never moves): a hanging host is a row, not a hang. */
    @Test
    @Timeout(10)
    void aHostThatHangsIsARowAndTheOthersAnswerMeanwhile() {
        CountDownLatch never = new CountDownLatch(1);
        h.b().hangUntil = never;
        try {
            FleetSnapshot s = new FleetSurvey(h.services(), Duration.ofMillis(300)).all();
            HostView b = s.host("host-b").orElseThrow();
            assertEquals("no answer within 300ms", b.unreachable().orElseThrow());
            assertTrue(s.host("host-a").orElseThrow().reachable());
            assertEquals(Readiness.Kind.BOND, vm(s, "host-a", "vm1").readiness().kind());
        } finally {
            never.countDown();
        }
    }

    @Test
    void anUnreachableHostIsARowSayingOverWhatAndWhy() {
        h.b().failNext(new FailureException(new Failure.HostUnreachable("host-b", "ssh", "connection refused")));
        FleetSnapshot s = new FleetSurvey(h.services()).all();
        assertEquals("over ssh: connection refused", s.host("host-b").orElseThrow().unreachable().orElseThrow());
        assertTrue(s.host("host-a").orElseThrow().reachable());
    }

    @Test
    void hostsAreAskedInParallel() {
        // each host goes on only once both were asked: asking one after the other would miss the deadline
        CountDownLatch bothAsked = new CountDownLatch(2);
        Runnable meet = () -> {
            bothAsked.countDown();
            try {
                if (!bothAsked.await(2, java.util.concurrent.TimeUnit.SECONDS)) throw new IllegalStateException("asked alone");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        h.a().onCall = meet;
        h.b().onCall = meet;
        FleetSnapshot s = new FleetSurvey(h.services(), Duration.ofSeconds(1)).all();
        assertTrue(s.hosts().stream().allMatch(HostView::reachable), s::toString);
    }

    @Test
    void readinessSaysWhyAVmIsNotReady() {
        h.world.plainVm("host-a", "novf");
        h.world.unbondedVm("host-a", "nobond", 1, "52:54:00:c0:00:22");
        h.world.unbondedVm("host-a", "noagent", 2, "52:54:00:c0:00:23").agentRunning = false;
        h.world.unbondedVm("host-a", "noexec", 3, "52:54:00:c0:00:24").guestExecAllowed = false;
        h.a().shutOff.put("off", "<domain><name>off</name><memory unit='GiB'>2</memory><vcpu current='2'>4</vcpu></domain>");
        h.hostFlags.disable("host-b", "maintenance", "test");
        FleetSnapshot s = new FleetSurvey(h.services()).all();
        assertEquals(Readiness.Kind.PLAIN, vm(s, "host-a", "novf").readiness().kind());
        assertEquals(Readiness.Kind.NO_BOND, vm(s, "host-a", "nobond").readiness().kind());
        assertTrue(vm(s, "host-a", "nobond").readiness().reason().contains("is in no bond"), vm(s, "host-a", "nobond")::toString);
        assertEquals(Readiness.Kind.NO_AGENT, vm(s, "host-a", "noagent").readiness().kind());
        assertEquals("the guest's agent policy does not allow guest-exec", vm(s, "host-a", "noexec").readiness().reason());
        VmView off = vm(s, "host-a", "off");
        assertEquals(DomainListing.State.SHUT_OFF, off.state());
        assertEquals(Readiness.Kind.SHUT_OFF, off.readiness().kind());
        assertEquals(2 * 1024 * 1024, off.memoryKiB());
        assertEquals(2, off.vcpus());
        HostView a = s.host("host-a").orElseThrow();
        assertEquals(Set.of("physnet0"), a.freeVfs().keySet());
        assertEquals(0, a.freeVfs().get("physnet0").size());
        assertEquals(16L * 1024 * 1024, a.totalMemoryKiB());
        assertTrue(s.host("host-b").orElseThrow().disabled());
        assertEquals(5, a.runningVms());
    }
}
