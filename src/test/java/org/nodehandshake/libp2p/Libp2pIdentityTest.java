package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.libp2p.Libp2pKeyVectors.hex;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Our Ed25519 identity: RFC 8032's test 1, the peer-ids spec's key pair, and signatures its public key verifies. */
class Libp2pIdentityTest {

    /** RFC 8032 section 7.1, TEST 1 (empty message). */
    private static final String RFC8032_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC8032_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8"
            + "821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    @Test
    void rfc8032TestOneSeedGivesItsPublicKey() {
        Libp2pIdentity id = Libp2pIdentity.fromSeed(hex(RFC8032_SECRET));
        assertArrayEquals(hex(RFC8032_PUBLIC), id.publicKey().data());
        assertArrayEquals(hex("08011220" + RFC8032_PUBLIC), id.encodedPublicKey());
    }

    @Test
    void rfc8032TestOneSignatureOfTheEmptyMessage() {
        assertArrayEquals(hex(RFC8032_SIGNATURE), Libp2pIdentity.fromSeed(hex(RFC8032_SECRET)).sign(new byte[0]));
    }

    @Test
    void thePeerIdsSpecsPrivateKeyGivesItsPublicKey() {
        byte[] privateData = Arrays.copyOfRange(hex(Libp2pKeyVectors.ED25519_PRIVATE), 4, 68); // seed || public
        Libp2pIdentity id = Libp2pIdentity.fromSeed(Arrays.copyOf(privateData, 32));
        assertArrayEquals(hex(Libp2pKeyVectors.ED25519_PUBLIC), id.encodedPublicKey());
        assertArrayEquals(Arrays.copyOfRange(privateData, 32, 64), id.publicKey().data());
    }

    @Test
    void aSignatureVerifiesUnderThePublicKeyOnlyForItsMessage() {
        Libp2pIdentity id = Libp2pIdentity.random();
        byte[] sig = id.sign(new byte[] {1, 2, 3});
        assertTrue(id.publicKey().verify(new byte[] {1, 2, 3}, sig));
        assertFalse(id.publicKey().verify(new byte[] {1, 2, 4}, sig));
    }

    @Test
    void randomIdentitiesDiffer() {
        assertNotEquals(Libp2pIdentity.random().publicKey(), Libp2pIdentity.random().publicKey());
    }

    @Test
    void theSeedRoundTrips() {
        Libp2pIdentity id = Libp2pIdentity.random();
        assertArrayEquals(id.encodedPublicKey(), Libp2pIdentity.fromSeed(id.seed()).encodedPublicKey());
    }

    @Test
    void aSeedOfAnotherLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Libp2pIdentity.fromSeed(new byte[31]));
    }

    @Test
    void toStringShowsNoSeed() {
        Libp2pIdentity id = Libp2pIdentity.fromSeed(hex(RFC8032_SECRET));
        assertFalse(id.toString().contains(RFC8032_SECRET), id.toString());
    }
}
