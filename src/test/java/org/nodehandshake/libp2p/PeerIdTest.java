package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Peer ids from libp2p/specs peer-ids.md: its text examples (the CID and the base58 form of the same
 * SHA-256 id, an Ed25519 identity id) and its public key encodings, whose ids follow the spec's rule
 * (identity multihash up to 42 bytes, SHA-256 beyond); the ids below were computed independently of this
 * code and match what rust-libp2p and js-libp2p print for these keys.
 */
class PeerIdTest {

    static final String ED25519_KEY = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    static final String SECP256K1_KEY = "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99";
    static final String RSA_KEY = "080012a60430820222300d06092a864886f70d01010105000382020f003082020a0282020100e1beab071d08200bde24eef00d049449b07770ff9910257b2d7d5dda242ce8f0e2f12e1af4b32d9efd2c090f66b0f29986dbb645dae9880089704a94e5066d594162ae6ee8892e6ec70701db0a6c445c04778eb3de1293aa1a23c3825b85c6620a2bc3f82f9b0c309bc0ab3aeb1873282bebd3da03c33e76c21e9beb172fd44c9e43be32e2c99827033cf8d0f0c606f4579326c930eb4e854395ad941256542c793902185153c474bed109d6ff5141ebf9cd256cf58893a37f83729f97e7cb435ec679d2e33901d27bb35aa0d7e20561da08885ef0abbf8e2fb48d6a5487047a9ecb1ad41fa7ed84f6e3e8ecd5d98b3982d2a901b4454991766da295ab78822add5612a2df83bcee814cf50973e80d7ef38111b1bd87da2ae92438a2c8cbcc70b31ee319939a3b9c761dbc13b5c086d6b64bf7ae7dacc14622375d92a8ff9af7eb962162bbddebf90acb32adb5e4e4029f1c96019949ecfbfeffd7ac1e3fbcc6b6168c34be3d5a2e5999fcbb39bba7adbca78eab09b9bc39f7fa4b93411f4cc175e70c0a083e96bfaefb04a9580b4753c1738a6a760ae1afd851a1a4bdad231cf56e9284d832483df215a46c1c21bdf0c6cfe951c18f1ee4078c79c13d63edb6e14feaeffabc90ad317e4875fe648101b0864097e998f0ca3025ef9638cd2b0caecd3770ab54a1d9c6ca959b0f5dcbc90caeefc4135baca6fd475224269bbe1b0203010001";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void theSpecsTextExamplesParse() throws Exception {
        PeerId cid = PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        PeerId b58 = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertEquals(b58, cid, "the spec's CID and base58 examples are one peer");
        assertEquals("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N", cid.toString());
        assertEquals("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe", b58.toCid());
        assertArrayEquals(hex("12209dff3b17d74cf4d38a50d8b6383e92d181a10395a5e73a726dcccbd21bf6f0b9"), b58.multihash());
        assertTrue(b58.identityKey().isEmpty());

        PeerId ed = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        assertEquals("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA", ed.toString());
        assertArrayEquals(hex("080112202ffa35a99d3a3cfbb17bb7c1dc5561b18a8dcca4df38dc613ea859c37eb1336b"),
                ed.identityKey().orElseThrow());
        assertEquals(ed, PeerId.parse(ed.toCid()), "the CID form of an identity id reads back");
    }

    @Test
    void idsOfTheSpecsKeyEncodings() {
        PeerId ed = PeerId.ofEncodedKey(hex(ED25519_KEY));
        assertEquals("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", ed.toString());
        assertArrayEquals(hex("0024" + ED25519_KEY), ed.multihash());
        assertTrue(ed.matchesKey(hex(ED25519_KEY)));

        PeerId k1 = PeerId.ofEncodedKey(hex(SECP256K1_KEY));
        assertEquals("16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY", k1.toString());
        assertArrayEquals(hex(SECP256K1_KEY), k1.identityKey().orElseThrow());

        PeerId rsa = PeerId.ofEncodedKey(hex(RSA_KEY));
        assertEquals("QmaeANgBs1DTSxWSrPPtobgQuxW8XTfsS4ydbK4rCHzqxG", rsa.toString(), "555 bytes: SHA-256");
        assertFalse(rsa.matchesKey(hex(ED25519_KEY)));
    }

    @Test
    void fortyTwoBytesIsTheIdentityBound() {
        assertEquals(0x00, PeerId.ofEncodedKey(new byte[42]).multihash()[0]);
        assertEquals(0x12, PeerId.ofEncodedKey(new byte[43]).multihash()[0]);
        assertThrows(IllegalArgumentException.class, () -> PeerId.ofEncodedKey(new byte[0]));
    }

    @Test
    void multihashesThatAreNoPeerIdAreRefused() {
        for (String bad : new String[] {"", "00", "0000", "002b" + "00".repeat(43), "0003aabb", "1220" + "00".repeat(31),
                "1221" + "00".repeat(33), "1320" + "00".repeat(32), "0002aabbcc", "8001" + "00"}) {
            assertThrows(MalformedMessageException.class, () -> PeerId.fromMultihash(hex(bad)), bad);
            assertThrows(IllegalArgumentException.class, () -> new PeerId(hex(bad)), bad);
        }
    }

    @Test
    void textThatIsNoPeerIdIsRefused() {
        for (String bad : new String[] {"", "Qm", "0OIl", "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5", // one char short
                "QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY", // sha256 digest longer than 32 (go's case)
                "k51qzi5uqu5dhb6l8spkdx7yxafegfkee5by8h7lmjh2ehc2sgg34z7c15vzqs", // base36: not supported
                "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", // a dag-pb CID, not libp2p-key
                "x" + "1".repeat(200), "1".repeat(129), "b!!!"}) {
            assertThrows(MalformedMessageException.class, () -> PeerId.parse(bad), bad);
        }
    }

    @Test
    void base58RoundTripsAndKeepsLeadingZeros() throws Exception {
        Random random = new Random(7);
        for (int n = 0; n < 200; n++) {
            byte[] data = new byte[random.nextInt(60)];
            random.nextBytes(data);
            if (data.length > 2 && n % 3 == 0) {
                data[0] = 0;
                data[1] = 0;
            }
            String text = Base58.encode(data);
            if (data.length > 0) {
                assertArrayEquals(data, Base58.decode(text));
            }
        }
        assertEquals("1112", Base58.encode(new byte[] {0, 0, 0, 1}));
        assertEquals("", Base58.encode(new byte[0]));
        assertThrows(MalformedMessageException.class, () -> Base58.decode(""));
        assertThrows(MalformedMessageException.class, () -> Base58.decode("1".repeat(Base58.MAX_CHARS + 1)));
        assertThrows(MalformedMessageException.class, () -> Base58.decode("abc\u00e9"));
        assertThrows(IllegalArgumentException.class, () -> Base58.encode(new byte[Base58.MAX_BYTES + 1]));
    }
}
