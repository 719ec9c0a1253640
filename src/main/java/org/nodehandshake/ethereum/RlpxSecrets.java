package org.nodehandshake.ethereum;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The connection secrets both sides derive once auth and ack are exchanged (devp2p rlpx.md, "Secrets"):
 * <pre>
 *   ephemeral-key = ecdh(our ephemeral key, their ephemeral public key)
 *   shared-secret = keccak256(ephemeral-key || keccak256(recipient-nonce || initiator-nonce))
 *   aes-secret    = keccak256(ephemeral-key || shared-secret)
 *   mac-secret    = keccak256(ephemeral-key || aes-secret)
 *   initiator: egress-mac = keccak256.init((mac-secret ^ recipient-nonce) || auth)
 *              ingress-mac = keccak256.init((mac-secret ^ initiator-nonce) || ack)
 *   recipient: the two swapped
 * </pre>
 * auth and ack are the packets as they went over the wire (an EIP-8 packet with its size prefix).
 * The MAC states are live Keccak sponges that the frame codec goes on updating.
 */
public final class RlpxSecrets {

    private final byte[] aesSecret;
    private final byte[] macSecret;
    private final KeccakDigest egressMac;
    private final KeccakDigest ingressMac;

    private RlpxSecrets(byte[] aesSecret, byte[] macSecret, KeccakDigest egressMac, KeccakDigest ingressMac) {
        this.aesSecret = aesSecret;
        this.macSecret = macSecret;
        this.egressMac = egressMac;
        this.ingressMac = ingressMac;
    }

    public static RlpxSecrets derive(boolean initiator, BigInteger ourEphemeral, ECPoint theirEphemeral,
                                     byte[] initiatorNonce, byte[] recipientNonce, byte[] auth, byte[] ack) {
        byte[] ephemeralKey = EthCrypto.ecdh(ourEphemeral, theirEphemeral);
        byte[] shared = EthCrypto.keccak256(ephemeralKey, EthCrypto.keccak256(recipientNonce, initiatorNonce));
        byte[] aes = EthCrypto.keccak256(ephemeralKey, shared);
        byte[] mac = EthCrypto.keccak256(ephemeralKey, aes);
        KeccakDigest authSide = sponge(RlpxHandshake.xor(mac, recipientNonce), auth);
        KeccakDigest ackSide = sponge(RlpxHandshake.xor(mac, initiatorNonce), ack);
        return initiator ? new RlpxSecrets(aes, mac, authSide, ackSide) : new RlpxSecrets(aes, mac, ackSide, authSide);
    }

    /** Secrets given outright (tests: go-ethereum's golden frame). */
    static RlpxSecrets of(byte[] aes, byte[] mac, KeccakDigest egress, KeccakDigest ingress) {
        return new RlpxSecrets(aes.clone(), mac.clone(), egress, ingress);
    }

    private static KeccakDigest sponge(byte[] first, byte[] second) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(first, 0, first.length);
        digest.update(second, 0, second.length);
        return digest;
    }

    public byte[] aesSecret() {
        return aesSecret.clone();
    }

    public byte[] macSecret() {
        return macSecret.clone();
    }

    /** The live egress sponge (the codec updates it). */
    KeccakDigest egressMac() {
        return egressMac;
    }

    /** The live ingress sponge (the codec updates it). */
    KeccakDigest ingressMac() {
        return ingressMac;
    }

    /** The ingress state's digest after absorbing {@code data}, on a copy (for the EIP-8 vector). */
    byte[] ingressDigestAfter(byte[] data) {
        KeccakDigest copy = new KeccakDigest(ingressMac);
        copy.update(data, 0, data.length);
        byte[] out = new byte[32];
        copy.doFinal(out, 0);
        return out;
    }
}
