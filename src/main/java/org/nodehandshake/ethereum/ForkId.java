package org.nodehandshake.ethereum;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * An EIP-2124 fork identifier: {@code hash} is the CRC32 of the genesis hash followed by every fork
 * already passed (block numbers, then timestamps, each as 8 big-endian bytes); {@code next} is the
 * first fork not yet passed, 0 when none is known. {@code next} is an unsigned 64-bit value.
 */
public record ForkId(int hash, long next) {

    /** go-ethereum's timestampThreshold: a "next" above it is a timestamp (used by rule 1a). */
    static final long TIMESTAMP_THRESHOLD = 1438269973L;

    public String hashHex() {
        return HexFormat.of().toHexDigits(hash);
    }

    /** The report's text for next: the unsigned value. */
    public String nextText() {
        return Long.toUnsignedString(next);
    }

    @Override
    public String toString() {
        return "0x" + hashHex() + "/" + nextText();
    }

    /** What EIP-2124's rules say about a peer's fork id, as go-ethereum's filter names the refusals. */
    public enum Verdict {
        COMPATIBLE("compatible"),
        /** Rule 2 broken: the peer is on one of our past forks but does not know the one that followed. */
        REMOTE_STALE("remote stale: the peer does not know a fork we passed"),
        /** Rule 1a or 4: another chain, or we lack a fork the peer has passed. */
        LOCAL_INCOMPATIBLE_OR_STALE("incompatible: another chain, or a fork we do not know");

        private final String description;

        Verdict(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * One chain's forks, as go-ethereum's forkid package gathers them: block forks sorted, duplicates
     * and block 0 dropped; time forks sorted, duplicates and those at or before genesis dropped.
     */
    public static final class Schedule {
        private final byte[] genesisHash;
        private final long[] blockForks;
        private final long[] timeForks;
        private final long[] forks;
        private final int[] sums; // sums[i]: the checksum with the first i forks passed

        public Schedule(byte[] genesisHash, long genesisTime, List<Long> blockForks, List<Long> timeForks) {
            this.genesisHash = genesisHash.clone();
            this.blockForks = new TreeSet<>(blockForks).stream().filter(b -> b != 0).mapToLong(Long::longValue).toArray();
            this.timeForks = new TreeSet<>(timeForks).stream().filter(t -> t > genesisTime).mapToLong(Long::longValue).toArray();
            List<Long> all = new ArrayList<>();
            for (long b : this.blockForks) {
                all.add(b);
            }
            for (long t : this.timeForks) {
                all.add(t);
            }
            this.forks = all.stream().mapToLong(Long::longValue).toArray();
            this.sums = new int[forks.length + 1];
            CRC32 crc = new CRC32();
            crc.update(genesisHash);
            sums[0] = (int) crc.getValue();
            for (int i = 0; i < forks.length; i++) {
                crc.update(bigEndian(forks[i]));
                sums[i + 1] = (int) crc.getValue();
            }
        }

        /** The fork id of a node whose head block is {@code head}, with timestamp {@code time}. */
        public ForkId id(long head, long time) {
            int passed = 0;
            for (long fork : blockForks) {
                if (Long.compareUnsigned(fork, head) <= 0) {
                    passed++;
                } else {
                    return new ForkId(sums[passed], fork);
                }
            }
            for (long fork : timeForks) {
                if (Long.compareUnsigned(fork, time) <= 0) {
                    passed++;
                } else {
                    return new ForkId(sums[passed], fork);
                }
            }
            return new ForkId(sums[passed], 0);
        }

        /**
         * EIP-2124's validation of a peer's fork id by a node at {@code head} / {@code time}, as
         * go-ethereum's forkid.newFilter implements it (with its block-to-time transition).
         */
        public Verdict check(ForkId remote, long head, long time) {
            int n = forks.length;
            for (int i = 0; i <= n; i++) {
                boolean sentry = i == n;
                long fork = sentry ? -1L : forks[i]; // -1: the sentry 2^64-1, never passed
                boolean byTime = i >= blockForks.length && !(sentry && timeForks.length == 0);
                long ours = byTime ? time : head;
                if (!sentry && Long.compareUnsigned(ours, fork) >= 0) {
                    continue;
                }
                if (sums[i] == remote.hash()) {
                    long next = remote.next();
                    if (next != 0 && (Long.compareUnsigned(ours, next) >= 0
                            || (Long.compareUnsigned(next, TIMESTAMP_THRESHOLD) > 0 && Long.compareUnsigned(time, next) >= 0))) {
                        return Verdict.LOCAL_INCOMPATIBLE_OR_STALE; // rule 1a
                    }
                    return Verdict.COMPATIBLE; // rule 1b
                }
                for (int j = 0; j < i; j++) {
                    if (sums[j] == remote.hash()) {
                        return forks[j] == remote.next() ? Verdict.COMPATIBLE : Verdict.REMOTE_STALE; // rule 2
                    }
                }
                for (int j = i + 1; j < sums.length; j++) {
                    if (sums[j] == remote.hash()) {
                        return Verdict.COMPATIBLE; // rule 3: we are behind
                    }
                }
                return Verdict.LOCAL_INCOMPATIBLE_OR_STALE; // rule 4
            }
            return Verdict.COMPATIBLE; // unreachable: the sentry always decides
        }

        /** Every fork, blocks then times. */
        public List<Long> forks() {
            List<Long> out = new ArrayList<>();
            for (long f : forks) {
                out.add(f);
            }
            return out;
        }

        byte[] genesisHash() {
            return genesisHash.clone();
        }

        private static byte[] bigEndian(long v) {
            byte[] b = new byte[8];
            for (int i = 7; i >= 0; i--) {
                b[i] = (byte) v;
                v >>>= 8;
            }
            return b;
        }
    }
}
