package org.nodehandshake.ethereum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EnodeUrlTest {

    /** EIP-778's example key as a node id. */
    static final String ID = HexFormat.of().formatHex(EthCrypto.encode64(EthCrypto.publicKey(EnrTest.EXAMPLE_KEY)));

    @Test
    void aNodeUrlReadsWithItsPortsAndPrintsTheSame() throws Exception {
        EnodeUrl url = EnodeUrl.parse("enode://" + ID + "@127.0.0.5:30303");
        assertEquals(ID, url.nodeIdHex());
        assertEquals(InetAddress.getByName("127.0.0.5"), url.address());
        assertEquals(30303, url.port());
        assertEquals(OptionalInt.empty(), url.discoveryPort());
        assertEquals("enode://" + ID + "@127.0.0.5:30303", url.toString());
        assertEquals(EthCrypto.publicKey(EnrTest.EXAMPLE_KEY), url.publicKey());

        EnodeUrl disc = EnodeUrl.parse("enode://" + ID.toUpperCase() + "@[::1]:30303?discport=30301");
        assertEquals(ID, disc.nodeIdHex(), "hex is normalized to lower case");
        assertEquals(InetAddress.getByName("::1"), disc.address());
        assertEquals(OptionalInt.of(30301), disc.discoveryPort());
        assertEquals("enode://" + ID + "@[0:0:0:0:0:0:0:1]:30303?discport=30301", disc.toString());
    }

    @Test
    void anythingElseIsRefused() {
        String notAPoint = "0".repeat(127) + "5";
        for (String bad : new String[] {
                "enode://" + ID + "@127.0.0.5",                       // no port
                "enode://" + ID + "@127.0.0.5:0",                     // port 0
                "enode://" + ID + "@127.0.0.5:65536",                 // port too large
                "enode://" + ID + "@node.example.org:30303",          // a host name (would need DNS)
                "enode://" + ID + "@::1:30303",                       // IPv6 without brackets
                "enode://" + ID + "@127.0.0.256:30303",               // not an address
                "enode://" + ID.substring(2) + "@127.0.0.5:30303",    // 63 bytes
                "enode://" + notAPoint + "@127.0.0.5:30303",          // not on the curve
                "enode://" + ID + "@127.0.0.5:30303?discport=0",
                "enode://" + ID + "@127.0.0.5:30303?foo=1",
                "enode://" + ID + "@127.0.0.5:30303/",
                "enr:-IS4Q",
        }) {
            assertThrows(IllegalArgumentException.class, () -> EnodeUrl.parse(bad), bad);
        }
    }

    @Test
    void theSchemeIsRecognizedWithoutParsing() {
        assertTrue(EnodeUrl.isEnode("enode://whatever"));
        assertTrue(EnodeUrl.isEnode("ENODE://x"));
        assertFalse(EnodeUrl.isEnode("enrtree://x@y"));
    }
}
