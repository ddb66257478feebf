package io.watchfloor.edge.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    @Test
    void shouldDecodeInetAtonNumericForms() {
        byte[] loopback = {127, 0, 0, 1};
        assertArrayEquals(loopback, AddressPolicy.parseNumericIpv4("2130706433").orElseThrow());
        assertArrayEquals(loopback, AddressPolicy.parseNumericIpv4("0x7f000001").orElseThrow());
        assertArrayEquals(loopback, AddressPolicy.parseNumericIpv4("0177.0.0.1").orElseThrow());
        assertArrayEquals(loopback, AddressPolicy.parseNumericIpv4("127.1").orElseThrow());
        assertArrayEquals(loopback, AddressPolicy.parseNumericIpv4("0x7f.0.0.0x1").orElseThrow());
        assertTrue(AddressPolicy.parseNumericIpv4("example.com").isEmpty());
        assertTrue(AddressPolicy.parseNumericIpv4("deadbeef").isEmpty());
    }

    @Test
    void shouldClassifyAddresses() throws Exception {
        for (String forbidden : List.of("127.0.0.1", "10.1.2.3", "172.31.255.255", "192.168.0.1", "169.254.169.254",
                "100.127.0.1", "0.0.0.0", "224.0.0.251", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1",
                "fd12:3456::1", "ff02::1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a9fe:a9fe",
                "2002:a9fe:a9fe::1")) {
            assertTrue(AddressPolicy.forbiddenReason(InetAddress.getByName(forbidden)).isPresent(), forbidden);
        }
        for (String allowed : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
                "64:ff9b::808:808")) {
            assertFalse(AddressPolicy.forbiddenReason(InetAddress.getByName(allowed)).isPresent(), allowed);
        }
    }

    @Test
    void shouldMatchAllowlistByHostOrHostAndPort() throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of("localhost", "127.0.0.1:8089", "[::1]:9000"),
                host -> { throw new java.net.UnknownHostException(host); });
        assertTrue(policy.vet(URI.create("http://LOCALHOST:1234/x")).allowlisted());
        assertTrue(policy.vet(URI.create("http://127.0.0.1:8089/x")).allowlisted());
        assertTrue(policy.vet(URI.create("http://[::1]:9000/x")).allowlisted());
        AddressRefusedException e = org.junit.jupiter.api.Assertions.assertThrows(AddressRefusedException.class,
                () -> policy.vet(URI.create("http://127.0.0.1:8090/x")));
        assertEquals(AddressRefusedException.Reason.BLOCKED_ADDRESS, e.reason());
    }
}
