package io.vfmigrate.adapters.agent;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.guest.GuestNetwork;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Issue 12.2: ~200 interfaces overflow the bound on guest output; the cut answer is a failure naming the limit, not parsed. */
class TruncatedLinkListTest {
    /** One line of `ip -o -d link show` as iproute2 6.1 prints it for a virtio NIC: about 400 bytes. */
    static String nic(int i) {
        return String.format("%d: eth%d: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000"
                + "\\    link/ether 52:54:00:aa:%02x:%02x brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 addrgenmode eui64"
                + " numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536"
                + " parentbus virtio parentdev virtio%d%n", i + 2, i, i / 256, i % 256, i);
    }

    @Test
    void twoHundredInterfacesAreAnExplicitFailureNamingTheLimit() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 200; i++) out.append(nic(i));
        assertTrue(out.length() > LibvirtGuestAgent.OUTPUT_LIMIT_BYTES, "the fixture overflows the limit: " + out.length());
        FakeAgentChannel channel = new FakeAgentChannel()
                .reply("{\"return\":{\"pid\":1}}")
                .reply("{\"return\":{\"exited\":true,\"exitcode\":0,\"out-data\":\""
                        + Base64.getEncoder().encodeToString(out.toString().getBytes(StandardCharsets.UTF_8)) + "\"}}");
        FakeTime time = new FakeTime();
        GuestNetwork guest = new GuestNetwork(new LibvirtGuestAgent(channel, time, time), "vm1", Duration.ofSeconds(5));

        FailureException e = assertThrows(FailureException.class, guest::links);

        var cut = assertInstanceOf(Failure.GuestOutputTruncated.class, e.failure());
        assertTrue(cut.message().contains("`ip -o -d link show` in vm1 was cut at the limit of 65536 bytes"), cut.message());
    }
}
