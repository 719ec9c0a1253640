package org.nodehandshake.ethereum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** EIP-778 node records: the EIP's example, and one test per rule a record is refused by. */
class EnrTest {

    private static final HexFormat HEX = HexFormat.of();

    /** EIP-778's example record and its private key. */
    static final String EXAMPLE = "enr:-IS4QHCYrYZbAKWCBRlAy5zzaDZXJBGkcnh4MHcBFZntXNFrdvJjX04jRzjzCBOonrkTfj499SZuOh8R33Ls8RRcy5wBgmlkgnY0gmlwhH8AAAGJc2VjcDI1NmsxoQPKY0yuDUmstAHYpMa2_oxVtw0RW_QAdpzBQA8yWM0xOIN1ZHCCdl8";
    static final BigInteger EXAMPLE_KEY =
            new BigInteger("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291", 16);

    @Test
    void theEip778ExampleRecordReadsAsTheEipSays() throws Exception {
        Enr enr = Enr.parse(EXAMPLE);
        assertEquals(1, enr.seq());
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), enr.ip().map(a -> (InetAddress) a));
        assertEquals(OptionalInt.of(30303), enr.udp());
        assertEquals(OptionalInt.empty(), enr.tcp());
        assertEquals(List.of("id", "ip", "secp256k1", "udp"), List.copyOf(enr.pairs().keySet()));
        assertEquals("03ca634cae0d49acb401d8a4c6b6fe8c55b70d115bf400769cc1400f3258cd3138",
                HEX.formatHex(EthCrypto.encode33(enr.publicKey())));
        assertEquals("a448f24c6d18e575453db13171562b71999873db5b286df957af199ec94617f7", enr.nodeIdHex());
        assertEquals(HEX.formatHex(EthCrypto.encode64(EthCrypto.publicKey(EXAMPLE_KEY))), enr.publicKeyHex());
        assertEquals(128, enr.publicKeyHex().length());
        assertEquals(EXAMPLE, enr.text());
        assertEquals(Optional.empty(), enr.tcpEndpoint(), "the example has no tcp port");
    }

    @Test
    void signingTheExampleAgainGivesTheSameRecord() throws Exception {
        // RFC 6979 nonces (as go-ethereum's libsecp256k1 uses them) make the signature reproducible
        Enr enr = Enr.builder(1).ip(InetAddress.getByName("127.0.0.1")).udp(30303).sign(EXAMPLE_KEY);
        assertEquals(EXAMPLE, enr.text());
    }

    @Test
    void aRecordWithEndpointsAndForkIdRoundTrips() throws Exception {
        BigInteger key = EthCrypto.newPrivateKey();
        Enr.ForkId fork = new Enr.ForkId(HEX.parseHex("07c9462e"), 0);
        Enr enr = Enr.builder(7).ip(InetAddress.getByName("127.0.0.5")).tcp(30303).udp(30301)
                .ip(InetAddress.getByName("::1")).eth(fork).sign(key);
        Enr read = Enr.parse(enr.text());
        assertEquals(enr, read);
        assertEquals(7, read.seq());
        assertEquals(Optional.of(new InetSocketAddress("127.0.0.5", 30303)), read.tcpEndpoint());
        assertEquals(OptionalInt.of(30303), read.tcp6(), "tcp6 defaults to tcp");
        assertEquals(Optional.of(fork), read.eth());
        assertEquals("enode://" + read.publicKeyHex() + "@127.0.0.5:30303?discport=30301",
                read.enode().orElseThrow().toString());
    }

    @Test
    void anIpv6OnlyRecordIsReachedOnIp6AndTcp6() throws Exception {
        Enr enr = Enr.builder(1).ip(InetAddress.getByName("2001:db8::5")).tcp6(30311).sign(EthCrypto.newPrivateKey());
        assertEquals(Optional.of(new InetSocketAddress("2001:db8::5", 30311)), enr.tcpEndpoint());
    }

    // ---- refusals ----

    private static String reason(String text) {
        return assertThrows(InvalidEnrException.class, () -> Enr.parse(text)).reason();
    }

    private static String reason(byte[] rlp) {
        return assertThrows(InvalidEnrException.class, () -> Enr.decode(rlp)).reason();
    }

    private static String text(byte[] rlp) {
        return "enr:" + Base64.getUrlEncoder().withoutPadding().encodeToString(rlp);
    }

    /** [signature, seq, k, v, ...] from raw items, signed over the content as given (order kept). */
    private static byte[] rawSigned(BigInteger key, long seq, Rlp.Item... kv) {
        List<Rlp.Item> content = new ArrayList<>();
        content.add(Rlp.number(seq));
        content.addAll(List.of(kv));
        byte[] sig = java.util.Arrays.copyOf(EthCrypto.sign(EthCrypto.keccak256(Rlp.encode(Rlp.list(content))), key), 64);
        List<Rlp.Item> record = new ArrayList<>();
        record.add(Rlp.bytes(sig));
        record.addAll(content);
        return Rlp.encode(Rlp.list(record));
    }

    private static Rlp.Item t(String s) {
        return Rlp.text(s);
    }

    private static Rlp.Item key33(BigInteger key) {
        return Rlp.bytes(EthCrypto.encode33(EthCrypto.publicKey(key)));
    }

    @Test
    void aRecordSignedByAnotherKeyIsRefused() throws Exception {
        byte[] other = java.util.Arrays.copyOf(EthCrypto.sign(new byte[32], EthCrypto.newPrivateKey()), 64);
        byte[] rlp = Enr.builder(1).set("id", t("v4")).set("secp256k1", key33(EXAMPLE_KEY)).encodeWith(other);
        assertEquals(InvalidEnrException.BAD_SIGNATURE, reason(rlp));
    }

    @Test
    void aTamperedRecordIsRefused() throws Exception {
        byte[] rlp = Base64.getUrlDecoder().decode(EXAMPLE.substring(4));
        int ipAt = indexOf(rlp, HEX.parseHex("847f000001")); // ip 127.0.0.1
        rlp[ipAt + 4] = 2; // 127.0.0.2
        assertEquals(InvalidEnrException.BAD_SIGNATURE, reason(rlp));
    }

    @Test
    void aSignatureOfTheWrongLengthIsRefused() {
        byte[] rlp = Enr.builder(1).set("id", t("v4")).set("secp256k1", key33(EXAMPLE_KEY)).encodeWith(new byte[65]);
        assertEquals(InvalidEnrException.BAD_SIGNATURE, reason(rlp));
    }

    @Test
    void unsortedKeysAreRefused() {
        BigInteger key = EthCrypto.newPrivateKey();
        byte[] rlp = rawSigned(key, 1, t("secp256k1"), key33(key), t("id"), t("v4"));
        assertEquals(InvalidEnrException.UNSORTED_KEYS, reason(rlp));
    }

    @Test
    void aDuplicateKeyIsRefused() {
        BigInteger key = EthCrypto.newPrivateKey();
        byte[] rlp = rawSigned(key, 1, t("id"), t("v4"), t("ip"), Rlp.bytes(new byte[] {127, 0, 0, 1}),
                t("ip"), Rlp.bytes(new byte[] {127, 0, 0, 2}), t("secp256k1"), key33(key));
        assertEquals(InvalidEnrException.DUPLICATE_KEY, reason(rlp));
    }

    @Test
    void aRecordOver300BytesIsRefusedBeforeItIsRead() {
        BigInteger key = EthCrypto.newPrivateKey();
        byte[] rlp = rawSigned(key, 1, t("id"), t("v4"), t("secp256k1"), key33(key), t("z"), Rlp.bytes(new byte[200]));
        assertTrue(rlp.length > Enr.MAX_SIZE);
        assertEquals(InvalidEnrException.TOO_LARGE, reason(rlp));
        assertEquals(InvalidEnrException.TOO_LARGE, reason(text(rlp)));
    }

    @Test
    void anUnknownIdentitySchemeIsRefused() {
        BigInteger key = EthCrypto.newPrivateKey();
        assertEquals(InvalidEnrException.UNKNOWN_SCHEME, reason(rawSigned(key, 1, t("id"), t("v5"), t("secp256k1"), key33(key))));
        assertEquals(InvalidEnrException.UNKNOWN_SCHEME, reason(rawSigned(key, 1, t("secp256k1"), key33(key))));
    }

    @Test
    void aMissingOrInvalidKeyIsRefused() {
        BigInteger key = EthCrypto.newPrivateKey();
        assertEquals(InvalidEnrException.BAD_KEY, reason(rawSigned(key, 1, t("id"), t("v4"))));
        byte[] notOnCurve = new byte[33];
        notOnCurve[0] = 2;
        notOnCurve[32] = 5; // x = 5: no point on secp256k1 has it
        assertEquals(InvalidEnrException.BAD_KEY,
                reason(rawSigned(key, 1, t("id"), t("v4"), t("secp256k1"), Rlp.bytes(notOnCurve))));
        byte[] uncompressed = EthCrypto.publicKey(key).getEncoded(false);
        assertEquals(InvalidEnrException.BAD_KEY,
                reason(rawSigned(key, 1, t("id"), t("v4"), t("secp256k1"), Rlp.bytes(uncompressed))));
    }

    @Test
    void malformedFieldsAreRefused() {
        BigInteger key = EthCrypto.newPrivateKey();
        assertEquals(InvalidEnrException.BAD_FIELD, reason(rawSigned(key, 1, t("id"), t("v4"),
                t("ip"), Rlp.bytes(new byte[] {127, 0, 1}), t("secp256k1"), key33(key))));
        assertEquals(InvalidEnrException.BAD_FIELD, reason(rawSigned(key, 1, t("id"), t("v4"),
                t("secp256k1"), key33(key), t("tcp"), Rlp.number(70000))));
        assertEquals(InvalidEnrException.BAD_FIELD, reason(rawSigned(key, 1, t("id"), t("v4"),
                t("secp256k1"), key33(key), t("tcp"), Rlp.number(0))));
    }

    @Test
    void textThatIsNotARecordIsRefused() {
        assertEquals(InvalidEnrException.MALFORMED, reason("enr:!!!!"));
        assertEquals(InvalidEnrException.MALFORMED, reason(EXAMPLE.replace("enr:", "ENR:")));
        assertEquals(InvalidEnrException.MALFORMED, reason(EXAMPLE + "="), "padding is not the text form");
        assertEquals(InvalidEnrException.MALFORMED, reason("enr:" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Rlp.encode(Rlp.text("not a list")))));
        assertEquals(InvalidEnrException.MALFORMED, reason(Rlp.encode(Rlp.list(Rlp.bytes(new byte[64])))));
        assertEquals(InvalidEnrException.MALFORMED, reason(Rlp.encode(Rlp.list(Rlp.bytes(new byte[64]), Rlp.number(1),
                t("id")))), "an odd number of items");
        byte[] trailing = java.util.Arrays.copyOf(Base64.getUrlDecoder().decode(EXAMPLE.substring(4)), 135);
        assertEquals(InvalidEnrException.MALFORMED, reason(trailing), "bytes after the record");
        assertEquals(InvalidEnrException.MALFORMED, reason("enr:"));
        assertEquals(InvalidEnrException.MALFORMED, reason("enr:10"), "stray bits after the last byte");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void signingIsDeterministicAndVerifiable() {
        assertArrayEquals(Enr.builder(3).tcp(1).sign(EXAMPLE_KEY).encoded(), Enr.builder(3).tcp(1).sign(EXAMPLE_KEY).encoded());
    }
}
