package org.nodehandshake.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostAndPortTest {

    @Test
    void hostAloneTakesTheDefaultPort() {
        assertEquals(Optional.of(new HostAndPort("1.2.3.4", 53)), HostAndPort.parse("1.2.3.4", 53));
    }

    @Test
    void defaultPortIsTheOneGiven() {
        assertEquals(Optional.of(new HostAndPort("dns.example", 5300)), HostAndPort.parse("dns.example", 5300));
    }

    @Test
    void hostWithPort() {
        assertEquals(Optional.of(new HostAndPort("1.2.3.4", 5353)), HostAndPort.parse("1.2.3.4:5353", 53));
    }

    @Test
    void bracketedIpv6WithPort() {
        assertEquals(Optional.of(new HostAndPort("::1", 5353)), HostAndPort.parse("[::1]:5353", 53));
    }

    @Test
    void bracketedIpv6WithoutPortTakesTheDefault() {
        assertEquals(Optional.of(new HostAndPort("::1", 53)), HostAndPort.parse("[::1]", 53));
    }

    @Test
    void bareIpv6TakesTheDefaultPort() {
        assertEquals(Optional.of(new HostAndPort("::1", 53)), HostAndPort.parse("::1", 53));
        assertEquals(Optional.of(new HostAndPort("2001:db8::53", 53)), HostAndPort.parse("2001:db8::53", 53));
    }

    @Test
    void portThatIsNotANumberIsRejected() {
        assertTrue(HostAndPort.parse("host:notanumber", 53).isEmpty());
    }

    @Test
    void portOutOfRangeIsRejected() {
        assertTrue(HostAndPort.parse("host:70000", 53).isEmpty());
        assertTrue(HostAndPort.parse("host:0", 53).isEmpty());
        assertTrue(HostAndPort.parse("[::1]:65536", 53).isEmpty());
    }

    @Test
    void emptyTextIsRejected() {
        assertTrue(HostAndPort.parse("", 53).isEmpty());
    }

    @Test
    void unclosedBracketIsRejected() {
        assertTrue(HostAndPort.parse("[::1", 53).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::1]x", "[::1]5353", "[]:53", ":53", "host:", "[::1]:"})
    void otherMalformedFormsAreRejected(String text) {
        assertTrue(HostAndPort.parse(text, 53).isEmpty(), text);
    }

    /**
     * Text with two or more colons is only acceptable as an IPv6 literal. Fails at present: parse takes any
     * such text as a "bare IPv6 literal" without checking it, so the error only shows when the resolver is
     * built at start.
     */
    @ParameterizedTest
    @ValueSource(strings = {"a:b:c:d", "1.2.3.4:53:53", "host:53:"})
    void textWithSeveralColonsThatIsNotIpv6IsRejected(String text) {
        assertTrue(HostAndPort.parse(text, 53).isEmpty(), text);
    }

    @Test
    void constructorRejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> new HostAndPort(" ", 53));
        assertThrows(IllegalArgumentException.class, () -> new HostAndPort("h", 0));
        assertThrows(IllegalArgumentException.class, () -> new HostAndPort("h", 65536));
    }
}
