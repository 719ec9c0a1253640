package org.nodehandshake.ethereum;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.math.ec.ECPoint;
import org.nodehandshake.codec.Base32;

/**
 * EIP-1459 node lists: a Merkle tree of TXT records under a domain, its root signed by the key the list's
 * URL names. This class reads the URL and the entries, strictly; {@link EnrTreeWalk} fetches them.
 *
 * <ul>
 *   <li>URL: {@code enrtree://<base32 compressed secp256k1 key>@<domain>}</li>
 *   <li>root (at the domain): {@code enrtree-root:v1 e=<hash> l=<hash> seq=<n> sig=<base64url, 65 bytes>},
 *       the signature over keccak256 of the text before {@code " sig="}</li>
 *   <li>at {@code <hash>.<domain>}: {@code enrtree-branch:<hash>,<hash>,...}, {@code enr:<record>} (only
 *       under e=) or {@code enrtree://...} (a link to another list, only under l=); the hash is base32 of
 *       the first bytes (16 as published, 12 to 32 accepted as go-ethereum does) of keccak256 of the
 *       record's text, and a record that does not hash to its name is refused</li>
 * </ul>
 */
public final class EnrTree {

    public static final String URL_SCHEME = "enrtree://";
    public static final String ROOT_PREFIX = "enrtree-root:v1";
    public static final String BRANCH_PREFIX = "enrtree-branch:";
    /** The hash length publishers use (go-ethereum's dnsdisc), in bytes. */
    public static final int HASH_BYTES = 16;
    private static final int MIN_HASH_BYTES = 12;
    private static final int MAX_HASH_BYTES = 32;

    private static final Pattern URL = Pattern.compile("enrtree://([A-Z2-7]+)@([^@/?#\\s]+)");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");
    private static final Pattern ROOT = Pattern.compile(
            "enrtree-root:v1 e=([A-Z2-7]+) l=([A-Z2-7]+) seq=(0|[1-9][0-9]{0,19}) sig=([A-Za-z0-9_-]+)");

    private EnrTree() {
    }

    /** Why a list, or one of its records, is refused: a short reason word for counts and a message. */
    public static final class InvalidTreeException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;

        public InvalidTreeException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    // ---- the URL ----

    /** {@code enrtree://<key>@<domain>}: the key the list's root must be signed with, and where it is. */
    public record Url(ECPoint key, String domain) {
        public Url {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(domain, "domain");
        }

        public static Url parse(String text) throws InvalidTreeException {
            Matcher m = URL.matcher(text.trim());
            if (!m.matches()) {
                throw new InvalidTreeException("malformed-link", "not enrtree://<base32 key>@<domain>: " + text);
            }
            byte[] key = Base32.decode(m.group(1)).orElseThrow(() -> new InvalidTreeException("malformed-link",
                    "the key in " + text + " is not base32"));
            if (key.length != 33) {
                throw new InvalidTreeException("malformed-link",
                        "the key in " + text + " is " + key.length + " bytes, not a 33-byte compressed key");
            }
            ECPoint point;
            try {
                point = EthCrypto.decodePoint(key);
            } catch (IllegalArgumentException e) {
                throw new InvalidTreeException("malformed-link", "the key in " + text + " is not a secp256k1 key");
            }
            String domain = m.group(2);
            if (!DOMAIN.matcher(domain).matches()) {
                throw new InvalidTreeException("malformed-link", "not a DNS name in " + text + ": " + domain);
            }
            domain = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
            return new Url(point, domain.toLowerCase(Locale.ROOT));
        }

        /** The key as the URL writes it: base32 of the compressed key. */
        public String keyText() {
            return Base32.encode(EthCrypto.encode33(key));
        }

        @Override
        public String toString() {
            return URL_SCHEME + keyText() + "@" + domain;
        }
    }

    /** True when {@code text} is written as a list URL (whether or not it is a valid one). */
    public static boolean isEnrTree(String text) {
        return text.regionMatches(true, 0, URL_SCHEME, 0, URL_SCHEME.length());
    }

    // ---- the root ----

    /** The signed root: where the node and link subtrees start, and the list's sequence number. */
    public record Root(String enrRoot, String linkRoot, long seq, byte[] signature, String text) {

        public static Root parse(String text) throws InvalidTreeException {
            Matcher m = ROOT.matcher(text);
            if (!m.matches()) {
                throw new InvalidTreeException("malformed-root",
                        "not enrtree-root:v1 e=<hash> l=<hash> seq=<n> sig=<signature>: " + abbreviate(text));
            }
            checkHash(m.group(1), "malformed-root");
            checkHash(m.group(2), "malformed-root");
            long seq;
            try {
                seq = Long.parseUnsignedLong(m.group(3));
            } catch (NumberFormatException e) {
                throw new InvalidTreeException("malformed-root", "seq larger than 64 bits: " + m.group(3));
            }
            byte[] sig;
            try {
                sig = Base64.getUrlDecoder().decode(m.group(4));
            } catch (IllegalArgumentException e) {
                throw new InvalidTreeException("malformed-root", "the root's sig is not base64url");
            }
            if (sig.length != 65) {
                throw new InvalidTreeException("malformed-root", "the root's sig is " + sig.length + " bytes, not 65");
            }
            return new Root(m.group(1), m.group(2), seq, sig, text);
        }

        /** What the signature covers: the root's text before {@code " sig="}. */
        public byte[] signedHash() {
            return EthCrypto.keccak256(text.substring(0, text.indexOf(" sig=")).getBytes(StandardCharsets.UTF_8));
        }

        /** Whether {@code key} made the signature (r||s checked against it; the recovery id is not needed). */
        public boolean signedBy(ECPoint key) {
            return EthCrypto.verify(signedHash(), Arrays.copyOf(signature, 64), key);
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    /** The root's text for these subtrees, signed with {@code privateKey} (publishing; tests). */
    public static String signRoot(String enrRoot, String linkRoot, long seq, java.math.BigInteger privateKey) {
        String unsigned = ROOT_PREFIX + " e=" + enrRoot + " l=" + linkRoot + " seq=" + Long.toUnsignedString(seq);
        byte[] sig = EthCrypto.sign(EthCrypto.keccak256(unsigned.getBytes(StandardCharsets.UTF_8)), privateKey);
        return unsigned + " sig=" + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    // ---- the entries under the root ----

    /** A record at {@code <hash>.<domain>}. */
    public sealed interface Entry permits Branch, Leaf, Link {
    }

    /** An inner node: the hashes of its children. */
    public record Branch(List<String> children) implements Entry {
        public Branch {
            children = List.copyOf(children);
        }
    }

    /** A node record. */
    public record Leaf(Enr enr) implements Entry {
    }

    /** A link to another list. */
    public record Link(Url url) implements Entry {
    }

    /**
     * Reads one entry. A node record that breaks EIP-778 throws {@link InvalidEnrException}; anything
     * else that is not an entry throws {@link InvalidTreeException}.
     *
     * @param maxChildren a branch with more children is refused before they are read
     */
    public static Entry parseEntry(String text, int maxChildren) throws InvalidTreeException, InvalidEnrException {
        if (text.startsWith(BRANCH_PREFIX)) {
            String list = text.substring(BRANCH_PREFIX.length());
            if (list.isEmpty()) {
                return new Branch(List.of());
            }
            int commas = 0;
            for (int i = 0; i < list.length(); i++) {
                commas += list.charAt(i) == ',' ? 1 : 0;
            }
            if (commas + 1 > maxChildren) {
                throw new InvalidTreeException("branch-too-wide",
                        "a branch of " + (commas + 1) + " children, more than " + maxChildren);
            }
            List<String> children = new ArrayList<>(commas + 1);
            for (String child : list.split(",", -1)) {
                checkHash(child, "malformed-branch");
                children.add(child);
            }
            return new Branch(children);
        }
        if (text.startsWith(Enr.PREFIX)) {
            return new Leaf(Enr.parse(text));
        }
        if (text.startsWith(URL_SCHEME)) {
            return new Link(Url.parse(text));
        }
        if (text.startsWith(ROOT_PREFIX)) {
            throw new InvalidTreeException("wrong-entry-type", "a root where a tree entry belongs");
        }
        throw new InvalidTreeException("unknown-entry", "not a tree entry: " + abbreviate(text));
    }

    /** The name a record is published under: base32 of the first 16 bytes of keccak256 of its text. */
    public static String hashOf(String text) {
        return Base32.encode(Arrays.copyOf(EthCrypto.keccak256(text.getBytes(StandardCharsets.UTF_8)), HASH_BYTES));
    }

    /** Whether {@code text} is the record named {@code hash} (its keccak256 starts with the hash's bytes). */
    public static boolean hashMatches(String hash, String text) {
        Optional<byte[]> want = Base32.decode(hash);
        if (want.isEmpty() || want.get().length < MIN_HASH_BYTES || want.get().length > MAX_HASH_BYTES) {
            return false;
        }
        byte[] have = EthCrypto.keccak256(text.getBytes(StandardCharsets.UTF_8));
        return Arrays.equals(Arrays.copyOf(have, want.get().length), want.get());
    }

    private static void checkHash(String hash, String reason) throws InvalidTreeException {
        Optional<byte[]> bytes = Base32.decode(hash);
        if (bytes.isEmpty() || bytes.get().length < MIN_HASH_BYTES || bytes.get().length > MAX_HASH_BYTES) {
            throw new InvalidTreeException(reason, "not a base32 hash of " + MIN_HASH_BYTES + "-" + MAX_HASH_BYTES
                    + " bytes: " + abbreviate(hash));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
