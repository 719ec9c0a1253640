package org.nodehandshake.monero;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Monero's {@code CORE_SYNC_DATA} (src/cryptonote_protocol/cryptonote_protocol_defs.h): the sender's
 * chain as it stands.
 *
 * @param currentHeight blocks in the chain, genesis included
 * @param cumulativeDifficulty low 64 bits
 * @param cumulativeDifficultyTop64 high 64 bits
 * @param topId 32-byte hash of the top block
 * @param topVersion major version of the top block
 * @param pruningSeed 0 when unpruned
 */
public record SyncData(long currentHeight, long cumulativeDifficulty, long cumulativeDifficultyTop64, byte[] topId,
                       int topVersion, long pruningSeed) {

    public static final int HASH_SIZE = 32;

    public SyncData {
        topId = topId.clone();
        if (topId.length != HASH_SIZE) {
            throw new IllegalArgumentException("top id must be 32 bytes: " + topId.length);
        }
    }

    @Override
    public byte[] topId() {
        return topId.clone();
    }

    public String topIdHex() {
        return HexFormat.of().formatHex(topId);
    }

    /** The full 128-bit cumulative difficulty. */
    public BigInteger difficulty() {
        return new BigInteger(Long.toUnsignedString(cumulativeDifficultyTop64)).shiftLeft(64)
                .or(new BigInteger(Long.toUnsignedString(cumulativeDifficulty)));
    }

    static SyncData read(Section in, String path) throws MalformedStorageException {
        return new SyncData(
                Fields.unsigned(in, "current_height", 64, path),
                Fields.optionalUnsigned(in, "cumulative_difficulty", 64, path).orElse(0),
                Fields.optionalUnsigned(in, "cumulative_difficulty_top64", 64, path).orElse(0),
                Fields.blob(in, "top_id", HASH_SIZE, path),
                (int) Fields.optionalUnsigned(in, "top_version", 8, path).orElse(0),
                Fields.optionalUnsigned(in, "pruning_seed", 32, path).orElse(0));
    }

    /** As monerod writes it: top64 always, top_version and pruning_seed only when not zero. */
    Section toSection() {
        Section.Builder out = Section.builder()
                .putUint64("current_height", currentHeight)
                .putUint64("cumulative_difficulty", cumulativeDifficulty)
                .putUint64("cumulative_difficulty_top64", cumulativeDifficultyTop64)
                .putString("top_id", topId);
        if (topVersion != 0) {
            out.putUint8("top_version", topVersion);
        }
        if (pruningSeed != 0) {
            out.putUint32("pruning_seed", pruningSeed);
        }
        return out.build();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SyncData s && s.currentHeight == currentHeight
                && s.cumulativeDifficulty == cumulativeDifficulty
                && s.cumulativeDifficultyTop64 == cumulativeDifficultyTop64 && Arrays.equals(s.topId, topId)
                && s.topVersion == topVersion && s.pruningSeed == pruningSeed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(currentHeight, cumulativeDifficulty, cumulativeDifficultyTop64, Arrays.hashCode(topId),
                topVersion, pruningSeed);
    }

    @Override
    public String toString() {
        return "SyncData[height " + Long.toUnsignedString(currentHeight) + ", top " + topIdHex() + "]";
    }
}
