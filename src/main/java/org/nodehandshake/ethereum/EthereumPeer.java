package org.nodehandshake.ethereum;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.nodehandshake.protocol.PeerInfo;

/**
 * What an Ethereum node told us: its Hello, then its Status when one came, and its Disconnect reason
 * when it sent one. Built when the Hello is accepted and replaced as the rest arrives.
 *
 * @param ethVersion the eth version both sides offer (the highest), empty when none
 * @param status the node's Status, once received and read
 * @param forkIdVerdict what EIP-2124's rules say of its fork id against our schedule today
 * @param disconnectReason the devp2p reason it gave, described ("too many peers (0x04)")
 */
public record EthereumPeer(Hello hello, OptionalInt ethVersion, Optional<EthStatus> status,
                           Optional<ForkId.Verdict> forkIdVerdict, Optional<String> disconnectReason) implements PeerInfo {

    /** The seed-health tallies Ethereum peers count under. */
    static final List<String> TALLIES = List.of("clients", "ethVersions", "forkIds", "networkIds");

    public EthereumPeer {
        Objects.requireNonNull(hello, "hello");
        Objects.requireNonNull(ethVersion, "ethVersion");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(forkIdVerdict, "forkIdVerdict");
        Objects.requireNonNull(disconnectReason, "disconnectReason");
    }

    static EthereumPeer of(Hello hello, OptionalInt ethVersion) {
        return new EthereumPeer(hello, ethVersion, Optional.empty(), Optional.empty(), Optional.empty());
    }

    EthereumPeer withStatus(EthStatus s, ForkId.Verdict verdict) {
        return new EthereumPeer(hello, ethVersion, Optional.of(s), Optional.of(verdict), disconnectReason);
    }

    EthereumPeer withDisconnect(String reason) {
        return new EthereumPeer(hello, ethVersion, status, forkIdVerdict, Optional.of(reason));
    }

    /** eth/69's latest block; eth/68 carries no height. */
    @Override
    public OptionalLong height() {
        return status.map(EthStatus::latestBlock).orElse(OptionalLong.empty());
    }

    @Override
    public Report report(List<String> messages) {
        EthStatus s = status.orElse(null);
        return new Report(hello.nodeIdHex(), hello.clientId(), hello.version(),
                hello.capabilities().stream().map(Hello.Capability::toString).toList(), hello.listenPort(),
                ethVersion.isPresent() ? ethVersion.getAsInt() : null,
                s == null ? null : s.networkId(),
                s == null ? null : EthereumNetwork.namesWithNetworkId(s.networkId()),
                s == null ? null : s.genesisHex(),
                s == null ? null : new ForkIdReport("0x" + s.forkId().hashHex(), new BigInteger(s.forkId().nextText())),
                forkIdVerdict.map(v -> v == ForkId.Verdict.COMPATIBLE).orElse(null),
                forkIdVerdict.map(ForkId.Verdict::description).orElse(null),
                s == null ? null : s.headHashHex(),
                s == null ? null : s.totalDifficulty().orElse(null),
                s == null || s.earliestBlock().isEmpty() ? null : s.earliestBlock().getAsLong(),
                s == null || s.latestBlock().isEmpty() ? null : s.latestBlock().getAsLong(),
                disconnectReason.orElse(null), List.copyOf(messages));
    }

    @Override
    public Map<String, List<String>> tallies() {
        Map<String, List<String>> t = new LinkedHashMap<>();
        t.put("clients", List.of(clientName(hello.clientId())));
        t.put("ethVersions", List.of(ethVersion.isPresent() ? Integer.toString(ethVersion.getAsInt()) : "none"));
        status.ifPresent(s -> {
            t.put("forkIds", List.of(s.forkId().toString()));
            t.put("networkIds", List.of(Long.toString(s.networkId())));
        });
        return t;
    }

    /**
     * A client id's name and version, without build details: {@code Geth/v1.14.0-stable-abc/linux-amd64/go1.22}
     * counts as {@code Geth/v1.14.0}, {@code Nethermind/v1.25.4+20b10b35/...} as {@code Nethermind/v1.25.4};
     * without a version in second place, the name alone.
     */
    static String clientName(String clientId) {
        String[] parts = clientId.split("/", 3);
        if (parts.length < 2) {
            return clientId.isEmpty() ? "(empty)" : clientId;
        }
        String version = parts[1];
        if (!version.matches("v?[0-9].*")) {
            return parts[0]; // no version where clients put it (ethereumjs-devp2p/linux-x64/nodejs)
        }
        int cut = version.length();
        for (char c : new char[] {'-', '+'}) {
            int at = version.indexOf(c);
            if (at > 0) {
                cut = Math.min(cut, at);
            }
        }
        return parts[0] + "/" + version.substring(0, cut);
    }

    /** A fork id in the report: the hash as 0x + 8 hex digits, next as a number. */
    public record ForkIdReport(String hash, BigInteger next) {
    }

    /**
     * The report's {@code peer} for an Ethereum node. Status fields are null until a Status was read;
     * totalDifficulty is eth/68's, earliestBlock and latestBlock eth/69's.
     *
     * @param network the presets with this network id (empty if none)
     * @param forkIdCompatible whether EIP-2124's rules accept its fork id against our schedule today
     * @param forkIdVerdict the rules' verdict in words
     * @param bestHash eth/68's best block hash or eth/69's latest block hash
     * @param messages the devp2p messages received, in order ("ack", "hello", "status", ...)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(
            String nodeId,
            String clientId,
            long p2pVersion,
            List<String> capabilities,
            int listenPort,
            Integer ethVersion,
            Long networkId,
            String network,
            String genesisHash,
            ForkIdReport forkId,
            Boolean forkIdCompatible,
            String forkIdVerdict,
            String bestHash,
            BigInteger totalDifficulty,
            Long earliestBlock,
            Long latestBlock,
            String disconnectReason,
            List<String> messages) {
    }
}
