package org.nodehandshake.ethereum;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.math.ec.ECPoint;
import org.nodehandshake.module.KeyFile;

/**
 * Our node's secp256k1 key: random for the process, or read from a file of 64 hex digits (what geth
 * keeps in {@code <datadir>/geth/nodekey}). Its public key, 64 bytes, is our node id.
 */
public final class NodeKey {

    private final BigInteger privateKey;
    private final ECPoint publicKey;

    private NodeKey(BigInteger privateKey) {
        if (privateKey.signum() <= 0 || privateKey.compareTo(EthCrypto.CURVE.getN()) >= 0) {
            throw new IllegalArgumentException("node key out of range for secp256k1");
        }
        this.privateKey = privateKey;
        this.publicKey = EthCrypto.publicKey(privateKey);
    }

    public static NodeKey random() {
        return new NodeKey(EthCrypto.newPrivateKey());
    }

    public static NodeKey of(BigInteger privateKey) {
        return new NodeKey(privateKey);
    }

    /** A key file as geth writes one: 64 hex digits ({@link KeyFile}). */
    public static NodeKey read(Path file) {
        return new NodeKey(new BigInteger(1, KeyFile.read32(file)));
    }

    BigInteger privateKey() {
        return privateKey;
    }

    public ECPoint publicKey() {
        return publicKey;
    }

    /** Our node id: the 64-byte public key, hex. */
    public String nodeIdHex() {
        return HexFormat.of().formatHex(EthCrypto.encode64(publicKey));
    }

    /** {@code enode://<node id>@<ip>:<port>}, the URL geth's admin.addPeer takes. */
    public String enodeUrl(InetAddress address, int port) {
        String ip = address.getHostAddress();
        return "enode://" + nodeIdHex() + "@" + (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    /** A node id as a target's identity carries it (128 hex digits) as a public key; empty when it is not one. */
    public static Optional<ECPoint> parseNodeId(String hex) {
        if (hex == null || !hex.matches("[0-9a-fA-F]{128}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(EthCrypto.decodePoint(HexFormat.of().parseHex(hex)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
