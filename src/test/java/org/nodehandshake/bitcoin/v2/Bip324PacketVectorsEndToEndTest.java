package org.nodehandshake.bitcoin.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.crypto.ElligatorSwift;

/**
 * Every row of BIP324's packet_encoding_test_vectors.csv from its inputs alone, as a connection will run it: our
 * private key and both encodings through ElligatorSwift's x-only ECDH, the shared secret, the keys with the
 * bitcoin preset's magic, then in_idx empty packets and the row's packet. No mid_ column is fed in; they are
 * checked on the way so that a failure names its step.
 */
class Bip324PacketVectorsEndToEndTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "row {index}")
    @MethodSource("org.nodehandshake.bitcoin.v2.Bip324PacketVectorsTest#rows")
    void fromTheKeysToTheSessionIdAndTheCiphertext(Map<String, String> row) {
        byte[] ours = hex(row, "in_ellswift_ours");
        byte[] theirs = hex(row, "in_ellswift_theirs");
        boolean initiating = row.get("in_initiating").equals("1");

        byte[] xShared = ElligatorSwift.xOnlyEcdh(theirs, hex(row, "in_priv_ours"));
        assertEquals(row.get("mid_x_shared"), HEX.formatHex(xShared), "x-only ECDH");
        byte[] secret = Bip324Cipher.sharedSecret(initiating ? ours : theirs, initiating ? theirs : ours, xShared);
        assertEquals(row.get("mid_shared_secret"), HEX.formatHex(secret), "shared secret");

        Bip324Cipher cipher = Bip324Cipher.fromSharedSecret(secret, initiating, BitcoinNetwork.BITCOIN.magic());
        assertEquals(row.get("out_session_id"), HEX.formatHex(cipher.sessionId()), "session id");
        assertEquals(row.get("mid_send_garbage_terminator"), HEX.formatHex(cipher.sendGarbageTerminator()));
        assertEquals(row.get("mid_recv_garbage_terminator"), HEX.formatHex(cipher.receiveGarbageTerminator()));

        int idx = Integer.parseInt(row.get("in_idx"));
        for (int i = 0; i < idx; i++) {
            cipher.encrypt(new byte[0], new byte[0], false); // the reference's generator sends these first
        }
        byte[] contents = HEX.parseHex(row.get("in_contents").repeat(Integer.parseInt(row.get("in_multiply"))));
        String packet = HEX.formatHex(cipher.encrypt(contents, hex(row, "in_aad"), row.get("in_ignore").equals("1")));
        String whole = row.get("out_ciphertext");
        String end = row.get("out_ciphertext_endswith");
        if (!whole.isEmpty()) {
            assertEquals(whole, packet, "packet " + idx);
        } else {
            assertTrue(!end.isEmpty() && packet.endsWith(end), "packet " + idx + " ends with " + end);
        }
        assertEquals(2 * (Bip324Cipher.EXPANSION + contents.length), packet.length());
    }

    private static byte[] hex(Map<String, String> row, String column) {
        return HEX.parseHex(row.get(column));
    }
}
