package io.vfmigrate.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressListParserTest {
    @Test
    void keepsGlobalAddressesOnlyAndDropsWhatIsNotAnAddress() {
        String out = """
                2: eth0    inet 192.0.2.13/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever
                2: eth0    inet6 2001:db8::13/64 scope global \\       valid_lft forever preferred_lft forever
                2: eth0    inet6 fe80::5054:ff:fec0:13/64 scope link \\       valid_lft forever preferred_lft forever
                2: eth0    inet $(reboot)/24 scope global eth0
                """;
        assertEquals(List.of("192.0.2.13/24", "2001:db8::13/64"), AddressListParser.globalAddresses(out));
        assertEquals(List.of(), AddressListParser.globalAddresses(""));
    }
}
