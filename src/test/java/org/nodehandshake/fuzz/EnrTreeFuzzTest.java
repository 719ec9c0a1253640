package org.nodehandshake.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.util.Set;
import org.bouncycastle.math.ec.ECPoint;
import org.nodehandshake.ethereum.EnrTree;
import org.nodehandshake.ethereum.EthCrypto;
import org.nodehandshake.ethereum.InvalidEnrException;

/**
 * The EIP-1459 TXT record readers on any text: the list URL, the root, and the entries under it
 * (branch, link, leaf). Each gives a value that keeps its promises or {@link EnrTree.InvalidTreeException}
 * / {@link InvalidEnrException} with one of the reasons the walk counts, never anything else. Texts are
 * raw, or built from their grammar with fuzzer-chosen parts (hashes of any length, any separators, a
 * root signed by a known key and then maybe changed), to reach past the prefixes.
 */
class EnrTreeFuzzTest {

    static {
        FuzzWire.quietLogging();
    }

    /** What {@code EnrTree} throws, as {@code EnrTreeWalk} counts it in a seed's {@code invalid}. */
    private static final Set<String> TREE_REASONS = Set.of("malformed-link", "malformed-root", "malformed-branch",
            "branch-too-wide", "wrong-entry-type", "unknown-entry");
    private static final Set<String> ENR_REASONS = Set.of(InvalidEnrException.MALFORMED, InvalidEnrException.TOO_LARGE,
            InvalidEnrException.UNSORTED_KEYS, InvalidEnrException.DUPLICATE_KEY, InvalidEnrException.UNKNOWN_SCHEME,
            InvalidEnrException.BAD_KEY, InvalidEnrException.BAD_SIGNATURE, InvalidEnrException.BAD_FIELD);
    private static final BigInteger KEY = new BigInteger(
            "49a7b37aa6f6645917e7b807e9d1c00d4fa71f18343b0d4122a4d2df64dd6fee", 16);
    private static final ECPoint PUBLIC = EthCrypto.publicKey(KEY);
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String[] PREFIXES = {"enrtree-root:v1", "enrtree-branch:", "enrtree://", "enr:", "", "ENRTREE://"};

    @FuzzTest(maxDuration = "20s")
    void parse(FuzzedDataProvider data) throws Exception {
        int maxChildren = data.consumeInt(1, 80);
        switch (data.consumeInt(0, 5)) {
            case 0 -> entry(data.pickValue(PREFIXES) + data.consumeRemainingAsString(), maxChildren);
            case 1 -> root(data.consumeRemainingAsString());
            case 2 -> url(data.consumeRemainingAsString());
            case 3 -> signedRoot(data);
            case 4 -> entry(branch(data), maxChildren);
            default -> {
                String link = EnrTree.URL_SCHEME + base32(data, data.consumeBoolean() ? EthCrypto.encode33(PUBLIC)
                        : data.consumeBytes(data.consumeInt(0, 40))) + "@" + data.consumeAsciiString(80);
                entry(link, maxChildren);
                url(link);
            }
        }
    }

    private static void entry(String text, int maxChildren) throws Exception {
        EnrTree.Entry entry;
        try {
            entry = EnrTree.parseEntry(text, maxChildren);
        } catch (EnrTree.InvalidTreeException e) {
            assertTrue(TREE_REASONS.contains(e.reason()), "undocumented reason " + e.reason() + ": " + e.getMessage());
            return;
        } catch (InvalidEnrException e) {
            assertTrue(ENR_REASONS.contains(e.reason()), "undocumented reason " + e.reason() + ": " + e.getMessage());
            return;
        }
        if (entry instanceof EnrTree.Branch branch) {
            assertTrue(text.startsWith(EnrTree.BRANCH_PREFIX));
            assertTrue(branch.children().size() <= maxChildren, "wider than the cap");
            branch.children().forEach(EnrTreeFuzzTest::assertHash);
            assertEquals(text, EnrTree.BRANCH_PREFIX + String.join(",", branch.children()), "children as written");
        } else if (entry instanceof EnrTree.Leaf leaf) {
            assertEquals(text, leaf.enr().text());
        } else if (entry instanceof EnrTree.Link link) {
            assertUrl(link.url());
        }
    }

    private static void root(String text) throws Exception {
        EnrTree.Root root;
        try {
            root = EnrTree.Root.parse(text);
        } catch (EnrTree.InvalidTreeException e) {
            assertEquals("malformed-root", e.reason(), e.getMessage());
            return;
        }
        assertHash(root.enrRoot());
        assertHash(root.linkRoot());
        assertEquals(65, root.signature().length);
        assertEquals(text, root.text());
        root.signedBy(PUBLIC); // any signature: true or false, never an exception
    }

    /** A root signed with {@link #KEY}, then maybe one character changed: it verifies iff unchanged before sig=. */
    private static void signedRoot(FuzzedDataProvider data) throws Exception {
        String e = hash(data);
        String l = hash(data);
        long seq = data.consumeLong();
        String text = EnrTree.signRoot(e, l, seq, KEY);
        int signed = text.indexOf(" sig=");
        boolean changed = false;
        if (data.consumeBoolean()) {
            int at = data.consumeInt(0, text.length() - 1);
            char c = (char) data.consumeInt(0x20, 0x7e);
            if (c != text.charAt(at)) {
                text = text.substring(0, at) + c + text.substring(at + 1);
                changed = at < signed;
            }
        }
        EnrTree.Root root;
        try {
            root = EnrTree.Root.parse(text);
        } catch (EnrTree.InvalidTreeException ex) {
            assertEquals("malformed-root", ex.reason(), ex.getMessage());
            return;
        }
        if (changed) {
            assertFalse(root.signedBy(PUBLIC), "a changed root still verifies: " + text);
        } else if (text.equals(EnrTree.signRoot(e, l, seq, KEY))) {
            assertTrue(root.signedBy(PUBLIC), "our own signature does not verify");
            assertEquals(e, root.enrRoot());
            assertEquals(l, root.linkRoot());
            assertEquals(seq, root.seq());
        }
    }

    private static void url(String text) throws Exception {
        EnrTree.Url url;
        try {
            url = EnrTree.Url.parse(text);
        } catch (EnrTree.InvalidTreeException e) {
            assertEquals("malformed-link", e.reason(), e.getMessage());
            return;
        }
        assertUrl(url);
    }

    private static void assertUrl(EnrTree.Url url) throws Exception {
        assertFalse(url.domain().isEmpty());
        assertFalse(url.domain().endsWith("."));
        assertEquals(url.domain(), url.domain().toLowerCase(java.util.Locale.ROOT));
        assertEquals(url, EnrTree.Url.parse(url.toString()), "a URL reads back from its own text");
    }

    private static void assertHash(String hash) {
        assertTrue(hash.chars().allMatch(c -> BASE32.indexOf(c) >= 0), hash);
        int bytes = hash.length() * 5 / 8;
        assertTrue(bytes >= 12 && bytes <= 32, "a hash of " + bytes + " bytes: " + hash);
    }

    /** {@code enrtree-branch:} and children: hashes of any length, maybe broken, with fuzzer-chosen separators. */
    private static String branch(FuzzedDataProvider data) {
        StringBuilder text = new StringBuilder(EnrTree.BRANCH_PREFIX);
        int n = data.consumeInt(0, 90);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            if (i > 0) {
                text.append(data.consumeInt(0, 15) == 0 ? data.consumeAsciiString(2) : ",");
            }
            text.append(data.consumeInt(0, 15) == 0 ? data.consumeAsciiString(30) : hash(data));
        }
        return text.toString();
    }

    /** Base32 of 10-34 fuzzer bytes: mostly a hash the reader accepts, sometimes one of a refused length. */
    private static String hash(FuzzedDataProvider data) {
        return base32(data, data.consumeBytes(data.consumeInt(10, 34)));
    }

    private static String base32(FuzzedDataProvider data, byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            // zero spare bits as canonical base32 has them, unless the fuzzer sets some
            int spare = data.consumeInt(0, 7) == 0 ? 1 : 0;
            out.append(BASE32.charAt(((buffer << (5 - bits)) | spare) & 31));
        }
        return out.toString();
    }
}
