package io.vfmigrate.adapters.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnnounceCommandTest {
    @Test
    void announcesOnEveryNicOrOnTheNamedOnes() {
        assertEquals("{\"execute\":\"announce-self\",\"arguments\":{\"initial\":50,\"max\":550,\"rounds\":5,\"step\":100}}", AnnounceCommand.json(List.of()));
        assertEquals("{\"execute\":\"announce-self\",\"arguments\":{\"initial\":50,\"max\":550,\"rounds\":5,\"step\":100,\"interfaces\":[\"ua-vfm-tmp0\"]}}",
                AnnounceCommand.json(List.of("ua-vfm-tmp0")));
    }
}
