package org.nodehandshake.ethereum;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An Ethereum Node Record (EIP-778): the RLP list {@code [signature, seq, k, v, ...]}, keys sorted and
 * unique, at most 300 bytes, signed under the {@code v4} identity scheme (a 64-byte r||s secp256k1
 * signature over {@code keccak256(rlp([seq, k, v, ...]))}, verified against the compressed key in the
 * {@code secp256k1} entry). Read from untrusted input (DNS): every rule is checked before the record
 * is used, and a refusal says which rule ({@link InvalidEnrException#reason()}).
 *
 * <p>Two identities: {@link #publicKeyHex()} (the 64-byte uncompressed key, 128 hex characters: what
 * an {@code enode://} URL and an RLPx initiator need) and {@link #nodeIdHex()} (its keccak256, the
 * node id of discovery v4/v5 tables). Known entries are typed: {@code ip} (4 bytes), {@code ip6}
 * (16), {@code tcp}, {@code udp}, {@code tcp6}, {@code udp6} (ports), {@code eth} (an EIP-2124 fork id,
 * read when it has that shape); other entries are kept as they are.
 */
public final class Enr {

    /** EIP-778: a record is at most 300 bytes encoded. */
    public static final int MAX_SIZE = 300;
    public static final String PREFIX = "enr:";
    /** The longest text a 300-byte record can have: "enr:" and 400 base64 characters. */
    public static final int MAX_TEXT_LENGTH = PREFIX.length() + (MAX_SIZE * 4 + 2) / 3;

    private static final HexFormat HEX = HexFormat.of();

    /** An EIP-2124 fork id as the {@code eth} entry carries it: 4-byte hash and the next fork (0: none). */
    public record ForkId(byte[] hash, long next) {
        public ForkId {
            if (hash.length != 4) {
                throw new IllegalArgumentException("a fork hash is 4 bytes, not " + hash.length);
            }
            hash = hash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        public String hashHex() {
            return HEX.formatHex(hash);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ForkId f && f.next == next && Arrays.equals(f.hash, hash);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(hash) * 31 + Long.hashCode(next);
        }

        @Override
        public String toString() {
            return "ForkId[" + hashHex() + ", next=" + Long.toUnsignedString(next) + "]";
        }
    }

    private final byte[] encoded;
    private final long seq;
    private final Map<String, Rlp.Item> pairs;
    private final ECPoint publicKey;
    private final Inet4Address ip;
    private final Inet6Address ip6;
    private final Integer tcp;
    private final Integer udp;
    private final Integer tcp6;
    private final Integer udp6;
    private final ForkId eth;

    private Enr(byte[] encoded, long seq, Map<String, Rlp.Item> pairs, ECPoint publicKey) throws InvalidEnrException {
        this.encoded = encoded;
        this.seq = seq;
        this.pairs = Collections.unmodifiableMap(pairs);
        this.publicKey = publicKey;
        this.ip = (Inet4Address) address(pairs.get("ip"), "ip", 4);
        this.ip6 = ipv6(pairs.get("ip6"));
        this.tcp = port(pairs.get("tcp"), "tcp");
        this.udp = port(pairs.get("udp"), "udp");
        this.tcp6 = port(pairs.get("tcp6"), "tcp6");
        this.udp6 = port(pairs.get("udp6"), "udp6");
        this.eth = forkId(pairs.get("eth"));
    }

    // ---- reading ----

    /** Reads the text form {@code enr:<base64url, no padding>}. */
    public static Enr parse(String text) throws InvalidEnrException {
        if (!text.startsWith(PREFIX)) {
            throw new InvalidEnrException(InvalidEnrException.MALFORMED, "a node record's text starts with enr:");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidEnrException(InvalidEnrException.TOO_LARGE,
                    "node record text of " + text.length() + " characters, more than " + MAX_SIZE + " bytes");
        }
        String body = text.substring(PREFIX.length());
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidEnrException(InvalidEnrException.MALFORMED, "not base64url: " + e.getMessage());
        }
        // one record, one text: no padding, no stray bits (the decoder tolerates both)
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(body)) {
            throw new InvalidEnrException(InvalidEnrException.MALFORMED, "not canonical unpadded base64url");
        }
        return decode(bytes);
    }

    /** Reads the RLP form. */
    public static Enr decode(byte[] rlp) throws InvalidEnrException {
        if (rlp.length > MAX_SIZE) {
            throw new InvalidEnrException(InvalidEnrException.TOO_LARGE,
                    "node record of " + rlp.length + " bytes, more than " + MAX_SIZE);
        }
        List<Rlp.Item> items;
        long seq;
        byte[] signature;
        try {
            items = Rlp.decode(rlp, MAX_SIZE).list("node record");
            if (items.size() < 2 || items.size() % 2 != 0) {
                throw new InvalidEnrException(InvalidEnrException.MALFORMED,
                        "a node record is [signature, seq, k, v, ...]: " + items.size() + " items");
            }
            signature = items.get(0).bytes("signature");
            BigInteger bigSeq = items.get(1).bigNumber("seq");
            if (bigSeq.bitLength() > 64) {
                throw new InvalidEnrException(InvalidEnrException.MALFORMED, "seq larger than 64 bits");
            }
            seq = bigSeq.longValue();
        } catch (MalformedRlpException e) {
            throw new InvalidEnrException(InvalidEnrException.MALFORMED, e.getMessage());
        }
        Map<String, Rlp.Item> pairs = new LinkedHashMap<>();
        String previous = null;
        for (int i = 2; i < items.size(); i += 2) {
            String key;
            try {
                key = new String(items.get(i).bytes("key"), StandardCharsets.ISO_8859_1); // bytes order = char order
            } catch (MalformedRlpException e) {
                throw new InvalidEnrException(InvalidEnrException.MALFORMED, e.getMessage());
            }
            if (previous != null) {
                int order = previous.compareTo(key);
                if (order == 0) {
                    throw new InvalidEnrException(InvalidEnrException.DUPLICATE_KEY, "key given twice: " + key);
                }
                if (order > 0) {
                    throw new InvalidEnrException(InvalidEnrException.UNSORTED_KEYS,
                            "keys not sorted: " + key + " after " + previous);
                }
            }
            pairs.put(key, items.get(i + 1));
            previous = key;
        }
        ECPoint publicKey = verifyV4(signature, content(seq, pairs), pairs);
        return new Enr(rlp.clone(), seq, pairs, publicKey);
    }

    /** The v4 scheme: id = "v4", a compressed secp256k1 key, a 64-byte signature that verifies. */
    private static ECPoint verifyV4(byte[] signature, byte[] content, Map<String, Rlp.Item> pairs)
            throws InvalidEnrException {
        Rlp.Item id = pairs.get("id");
        if (!(id instanceof Rlp.Bytes scheme)) {
            throw new InvalidEnrException(InvalidEnrException.UNKNOWN_SCHEME, "no identity scheme (id)");
        }
        if (!Arrays.equals(scheme.value(), "v4".getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidEnrException(InvalidEnrException.UNKNOWN_SCHEME,
                    "identity scheme " + new String(scheme.value(), StandardCharsets.UTF_8) + ", not v4");
        }
        if (!(pairs.get("secp256k1") instanceof Rlp.Bytes keyItem) || keyItem.value().length != 33) {
            throw new InvalidEnrException(InvalidEnrException.BAD_KEY, "v4 needs a 33-byte compressed secp256k1 key");
        }
        byte[] key = keyItem.value();
        if (key[0] != 2 && key[0] != 3) {
            throw new InvalidEnrException(InvalidEnrException.BAD_KEY, "secp256k1 key is not in compressed form");
        }
        ECPoint point;
        try {
            point = EthCrypto.decodePoint(key);
        } catch (IllegalArgumentException e) {
            throw new InvalidEnrException(InvalidEnrException.BAD_KEY, "secp256k1 key is not a curve point");
        }
        if (signature.length != 64) {
            throw new InvalidEnrException(InvalidEnrException.BAD_SIGNATURE,
                    "a v4 signature is 64 bytes, not " + signature.length);
        }
        if (!EthCrypto.verify(EthCrypto.keccak256(content), signature, point)) {
            throw new InvalidEnrException(InvalidEnrException.BAD_SIGNATURE, "signature does not verify");
        }
        return point;
    }

    private static byte[] content(long seq, Map<String, Rlp.Item> pairs) {
        List<Rlp.Item> items = new ArrayList<>();
        items.add(Rlp.number(new BigInteger(Long.toUnsignedString(seq))));
        pairs.forEach((k, v) -> {
            items.add(Rlp.bytes(k.getBytes(StandardCharsets.ISO_8859_1)));
            items.add(v);
        });
        return Rlp.encode(Rlp.list(items));
    }

    private static InetAddress address(Rlp.Item item, String key, int length) throws InvalidEnrException {
        if (item == null) {
            return null;
        }
        if (!(item instanceof Rlp.Bytes b) || b.value().length != length) {
            throw new InvalidEnrException(InvalidEnrException.BAD_FIELD, key + " is not " + length + " bytes");
        }
        try {
            return InetAddress.getByAddress(b.value());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static Inet6Address ipv6(Rlp.Item item) throws InvalidEnrException {
        InetAddress address = address(item, "ip6", 16);
        if (address == null) {
            return null;
        }
        if (!(address instanceof Inet6Address v6)) {
            // ::ffff:a.b.c.d: Java returns the IPv4 address; the record meant it as IPv6
            throw new InvalidEnrException(InvalidEnrException.BAD_FIELD, "ip6 is an IPv4-mapped address");
        }
        return v6;
    }

    private static Integer port(Rlp.Item item, String key) throws InvalidEnrException {
        if (item == null) {
            return null;
        }
        long value;
        try {
            value = item.number(key);
        } catch (MalformedRlpException e) {
            throw new InvalidEnrException(InvalidEnrException.BAD_FIELD, e.getMessage());
        }
        if (value < 1 || value > 65535) {
            throw new InvalidEnrException(InvalidEnrException.BAD_FIELD, key + " port out of range: " + value);
        }
        return (int) value;
    }

    /** {@code eth = [[fork hash, fork next], ...]}: read when it has that shape, ignored otherwise. */
    private static ForkId forkId(Rlp.Item item) {
        try {
            if (item == null) {
                return null;
            }
            List<Rlp.Item> entry = item.list("eth");
            if (entry.isEmpty()) {
                return null;
            }
            List<Rlp.Item> id = entry.get(0).list("fork id");
            if (id.size() < 2) {
                return null;
            }
            byte[] hash = id.get(0).bytes("fork hash");
            BigInteger next = id.get(1).bigNumber("fork next");
            return hash.length == 4 && next.bitLength() <= 64 ? new ForkId(hash, next.longValue()) : null;
        } catch (MalformedRlpException e) {
            return null;
        }
    }

    // ---- writing (tests, and trees we sign) ----

    /** Builds and signs a v4 record; keys are sorted for you. */
    public static final class Builder {
        private final long seq;
        private final TreeMap<String, Rlp.Item> pairs = new TreeMap<>();

        private Builder(long seq) {
            this.seq = seq;
        }

        public Builder ip(InetAddress address) {
            return set(address instanceof Inet4Address ? "ip" : "ip6", Rlp.bytes(address.getAddress()));
        }

        public Builder tcp(int port) {
            return set("tcp", Rlp.number(port));
        }

        public Builder udp(int port) {
            return set("udp", Rlp.number(port));
        }

        public Builder tcp6(int port) {
            return set("tcp6", Rlp.number(port));
        }

        public Builder eth(ForkId forkId) {
            return set("eth", Rlp.list(Rlp.list(Rlp.bytes(forkId.hash()), Rlp.number(forkId.next()))));
        }

        /** Any entry, as it is ({@code id} and {@code secp256k1} are set by {@link #sign}). */
        public Builder set(String key, Rlp.Item value) {
            pairs.put(key, value);
            return this;
        }

        /** The record signed with {@code privateKey} (its id and secp256k1 entries set from it). */
        public Enr sign(BigInteger privateKey) {
            TreeMap<String, Rlp.Item> all = new TreeMap<>(pairs);
            all.putIfAbsent("id", Rlp.text("v4"));
            all.putIfAbsent("secp256k1", Rlp.bytes(EthCrypto.encode33(EthCrypto.publicKey(privateKey))));
            byte[] signature = Arrays.copyOf(EthCrypto.sign(EthCrypto.keccak256(content(seq, all)), privateKey), 64);
            return signedWith(signature, all);
        }

        /** The record with this signature, whatever it is (for tests of refusals). */
        public byte[] encodeWith(byte[] signature) {
            return encode(signature, new TreeMap<>(pairs));
        }

        private Enr signedWith(byte[] signature, Map<String, Rlp.Item> all) {
            try {
                return decode(encode(signature, all));
            } catch (InvalidEnrException e) {
                throw new IllegalArgumentException("the record does not hold: " + e.getMessage(), e);
            }
        }

        private byte[] encode(byte[] signature, Map<String, Rlp.Item> all) {
            List<Rlp.Item> items = new ArrayList<>();
            items.add(Rlp.bytes(signature));
            items.add(Rlp.number(new BigInteger(Long.toUnsignedString(seq))));
            all.forEach((k, v) -> {
                items.add(Rlp.bytes(k.getBytes(StandardCharsets.ISO_8859_1)));
                items.add(v);
            });
            return Rlp.encode(Rlp.list(items));
        }
    }

    public static Builder builder(long seq) {
        return new Builder(seq);
    }

    // ---- what a record says ----

    /** The record's RLP encoding, as read. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** {@code enr:<base64url>}. */
    public String text() {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(encoded);
    }

    /** The sequence number (unsigned 64 bits). */
    public long seq() {
        return seq;
    }

    /** Every entry after seq, in key order. */
    public Map<String, Rlp.Item> pairs() {
        return pairs;
    }

    public ECPoint publicKey() {
        return publicKey;
    }

    /** The uncompressed public key without 04, 128 hex characters: an enode id, RLPx's remote identity. */
    public String publicKeyHex() {
        return HEX.formatHex(EthCrypto.encode64(publicKey));
    }

    /** keccak256 of the 64-byte public key, 64 hex characters: the v4 scheme's node id. */
    public String nodeIdHex() {
        return HEX.formatHex(EthCrypto.keccak256(EthCrypto.encode64(publicKey)));
    }

    public Optional<Inet4Address> ip() {
        return Optional.ofNullable(ip);
    }

    public Optional<Inet6Address> ip6() {
        return Optional.ofNullable(ip6);
    }

    public OptionalInt tcp() {
        return tcp == null ? OptionalInt.empty() : OptionalInt.of(tcp);
    }

    public OptionalInt udp() {
        return udp == null ? OptionalInt.empty() : OptionalInt.of(udp);
    }

    /** The IPv6 TCP port: {@code tcp6}, or {@code tcp} when it is absent (EIP-778). */
    public OptionalInt tcp6() {
        return tcp6 != null ? OptionalInt.of(tcp6) : tcp();
    }

    /** The IPv6 UDP port: {@code udp6}, or {@code udp} when it is absent (EIP-778). */
    public OptionalInt udp6() {
        return udp6 != null ? OptionalInt.of(udp6) : udp();
    }

    /** The {@code eth} entry's fork id, when there is one of that shape. */
    public Optional<ForkId> eth() {
        return Optional.ofNullable(eth);
    }

    /** Where RLPx is reached: ip and tcp, else ip6 and tcp6 (or tcp); empty when the record has neither. */
    public Optional<InetSocketAddress> tcpEndpoint() {
        if (ip != null && tcp != null) {
            return Optional.of(new InetSocketAddress(ip, tcp));
        }
        if (ip6 != null && tcp6().isPresent()) {
            return Optional.of(new InetSocketAddress(ip6, tcp6().getAsInt()));
        }
        return Optional.empty();
    }

    /** The enode URL for the record's TCP endpoint, when it has one. */
    public Optional<EnodeUrl> enode() {
        return tcpEndpoint().map(e -> {
            OptionalInt discovery = e.getAddress() instanceof Inet4Address ? udp() : udp6();
            boolean same = discovery.isEmpty() || discovery.getAsInt() == e.getPort();
            return new EnodeUrl(publicKeyHex(), e.getAddress(), e.getPort(), same ? OptionalInt.empty() : discovery);
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Enr e && Arrays.equals(e.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return text();
    }
}
