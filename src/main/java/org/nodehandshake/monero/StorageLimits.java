package org.nodehandshake.monero;

/**
 * What {@link PortableStorage#read} accepts beyond the format itself. Counted as monerod counts
 * (contrib/epee/include/storages/portable_storage_from_bin.h):
 *
 * <ul>
 *   <li>{@code maxDepth}: sections nested, the root being depth 1 (an object field or an element of an
 *       array of objects is one deeper than its parent);
 *   <li>{@code maxObjects}: sections other than the root, in fields and in arrays together;
 *   <li>{@code maxFields}: fields over all sections, the root's included;
 *   <li>{@code maxStringBytes}: bytes in one string value;
 *   <li>{@code maxArrayElements}: elements in one array;
 *   <li>{@code maxTotalStrings}: string values, in fields and in arrays (names do not count).
 * </ul>
 */
public record StorageLimits(int maxDepth, int maxObjects, int maxFields, int maxStringBytes, int maxArrayElements,
        int maxTotalStrings) {

    /**
     * Our recursion bound; monerod's reader gives up at 100 of its own call frames, and a section costs
     * at least three of those.
     */
    public static final int DEPTH_CEILING = 100;

    /**
     * For a COMMAND_HANDSHAKE (or TIMED_SYNC) body, itself at most 65,536 bytes. The largest legitimate
     * body is a response with 250 peer list entries (P2P_MAX_PEERS_IN_HANDSHAKE, src/p2p/p2p_protocol_defs.h):
     * each entry is 3 objects (entry, adr, addr) and about 10 fields, nested 4 deep (root, entry, adr, addr).
     * So depth 8 (twice that), 1024 objects (752 needed), 4096 fields (about 2,520 needed), 1024 strings
     * (ids, hashes and non-IPv4 addresses: one per entry at most, plus two), 1024 array elements (250
     * needed) and strings up to the body cap. Tighter than monerod's own so that a hostile body hits a
     * limit long before it costs us anything, while a real one is far from all of them.
     */
    public static final StorageLimits HANDSHAKE = new StorageLimits(8, 1024, 4096, 65_536, 1024, 1024);

    /**
     * monerod's own, for Levin bodies (default_levin_limits in contrib/epee/include/storages/
     * levin_abstract_invoke2.h: 8192 objects, 16384 fields, 16384 strings; strings shorter than
     * MAX_STRING_LEN_POSSIBLE, 2e9, portable_storage_base.h; no per-array cap beyond the bytes left).
     *
     * <p>Depth: monerod's recursion limit of 100 counts C++ frames, not sections. In the encoding its
     * writer and ours use, a nested object costs 3 frames, an element of an array of objects 5, and the
     * deepest leaf (an element of an array of strings) 9 below its section; so 18 sections deep is what
     * monerod reads whatever their shape (1 + 5 * 17 + 9 = 95 frames, under 100). A chain of plain
     * objects could go to 30, but 18 is the depth we can promise.
     */
    public static final StorageLimits MONEROD =
            new StorageLimits(18, 8192, 16_384, 1_999_999_999, Integer.MAX_VALUE, 16_384);

    public StorageLimits {
        if (maxDepth < 1 || maxDepth > DEPTH_CEILING) {
            throw new IllegalArgumentException("maxDepth " + maxDepth + " is not 1-" + DEPTH_CEILING);
        }
        if (maxObjects < 0 || maxFields < 0 || maxStringBytes < 0 || maxArrayElements < 0 || maxTotalStrings < 0) {
            throw new IllegalArgumentException("limits cannot be negative: " + maxObjects + ", " + maxFields + ", "
                    + maxStringBytes + ", " + maxArrayElements + ", " + maxTotalStrings);
        }
    }
}
