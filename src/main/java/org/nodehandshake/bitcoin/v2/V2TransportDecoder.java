package org.nodehandshake.bitcoin.v2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nodehandshake.bitcoin.BitcoinFrame;
import org.nodehandshake.bitcoin.BitcoinFrameDecoder;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.crypto.ElligatorSwift;
import org.nodehandshake.crypto.Secp256k1;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.FrameViolation;
import org.nodehandshake.protocol.GuardedFrameDecoder;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Stage;

/**
 * BIP324's v2 transport below the message layer, both roles, as one small state machine over the
 * bytes the peer sends:
 * <pre>
 *   SEND_KEY     our 64-byte ElligatorSwift key is written, with 0-4095 bytes of random garbage from
 *                the responder (once the sniffer chose v2); the initiator's garbage waits for their key
 *   AWAIT_KEY    their 64-byte key (an initiator meeting the network's magic instead: v2-refused); then
 *                ours: [initiator's garbage,] garbage terminator, version packet (our garbage as AAD)
 *   AWAIT_GARBAGE_TERMINATOR  their garbage, scanned for their terminator within 4095 + 16 bytes
 *   AWAIT_VERSION_PACKET      decoys skipped; the first packet authenticates their garbage; the version
 *                packet's contents are ignored (BIP324); then channelActive goes to the message layer
 *   APPLICATION  packets become {@link BitcoinFrame}s (a short id or the 12-byte command); decoys skipped
 * </pre>
 * channelActive is held back until the transport is up, so the message layer's first write (our
 * version) is encrypted. A packet's decrypted length is checked against the cap before its contents
 * are read; every packet, decoys included, is charged to the session's budget. The first violation is
 * one {@link FrameViolation}, as with every decoder.
 */
public final class V2TransportDecoder extends GuardedFrameDecoder {

    /** BIP324: at most 4095 bytes of garbage before the terminator. */
    public static final int MAX_GARBAGE_BYTES = 4095;
    private static final int KEY_BYTES = ElligatorSwift.ENCODING_BYTES;
    private static final int TERMINATOR_BYTES = Bip324Cipher.GARBAGE_TERMINATOR_BYTES;
    /** Bytes 4-16 of a v1 version header: a responder seeing them in a would-be key met v1 with another magic. */
    private static final byte[] V1_VERSION_COMMAND = Arrays.copyOf("version".getBytes(StandardCharsets.US_ASCII), 12);
    private static final byte[] NO_AAD = new byte[0];

    enum State { SEND_KEY, AWAIT_KEY, AWAIT_GARBAGE_TERMINATOR, AWAIT_VERSION_PACKET, APPLICATION }

    private final HandshakeSession session;
    private final byte[] magic;
    private final int maxContents;
    private final SecureRandom random;
    private final boolean initiator;
    /** Ours, from handlerAdded: decodeFrame writes our handshake and wakes the message layer through it. */
    private ChannelHandlerContext context;
    private State state = State.SEND_KEY;
    private byte[] ourPrivateKey;
    private byte[] ourKey;
    private byte[] ourGarbage;
    private Optional<Bip324Cipher> cipher = Optional.empty();
    private byte[] theirGarbage;
    private boolean firstPacket = true;
    private boolean heardFromPeer;
    private int garbageScanned;
    /** The length of the packet whose length was decrypted and whose body has not arrived yet; -1 for none. */
    private int pendingLength = -1;

    /**
     * @param maxContents the largest packet contents accepted (header byte excluded), checked from the
     *     decrypted length before the contents are read
     */
    public V2TransportDecoder(HandshakeSession session, byte[] magic, int maxContents, SecureRandom random) {
        super(session.budget());
        this.session = session;
        this.magic = magic.clone();
        this.maxContents = maxContents;
        this.random = Objects.requireNonNull(random, "random");
        this.initiator = session.direction() == Direction.OUTBOUND;
    }

    /** The transport's cipher once both keys are known; the encoder encrypts with it. */
    Optional<Bip324Cipher> cipher() {
        return cipher;
    }

    State state() {
        return state;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        if (!initiator && ctx.channel().isActive()) {
            sendKey(ctx); // added by the sniffer on an accepted connection: the peer's key is arriving
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Held back: the message layer hears of the connection once the transport is up.
        if (state == State.SEND_KEY) {
            sendKey(ctx);
        }
    }

    private void sendKey(ChannelHandlerContext ctx) {
        ourPrivateKey = Secp256k1.unsigned32(Secp256k1.newPrivateKey());
        ourKey = ElligatorSwift.encode(ourPrivateKey, random);
        if (!initiator) {
            ourGarbage = newGarbage();
        }
        state = State.AWAIT_KEY;
        session.transportAwaits(Optional.of("v2 key"));
        // The initiator holds its garbage back until the peer's key is in: a v1 node then reads only our 64-byte
        // key (two bad headers) and not up to 4 KiB of garbage as well; bcoin adds ban score for each bad header
        // and bans the address, which a v1 retry then meets. BIP324 only asks that the garbage precede its
        // terminator. The responder sends key and garbage at once, as Bitcoin Core does.
        write(ctx, initiator ? ourKey : concat(ourKey, ourGarbage)).addListener(f -> {
            if (f.isSuccess()) {
                session.reach(Stage.SENT);
                if (initiator && !heardFromPeer && !session.isDone()) {
                    // Bitcoin Core's V2Transport::ShouldReconnectV1: a peer that hangs up now, having sent
                    // nothing, read more than a v1 header's worth of our key and refused it.
                    session.peerCloseMeans(Optional.of(new FrameViolation(ReasonCode.V2_REFUSED,
                            "v2 refused: the peer closed the connection before any byte of its reply to our v2 key")));
                }
            }
        });
    }

    /** 0-4095 random bytes (BIP324): up to 4 KiB from the secure random source, a tenth of a v1-only sweep's CPU if made for every key. */
    private byte[] newGarbage() {
        byte[] garbage = new byte[random.nextInt(MAX_GARBAGE_BYTES + 1)];
        random.nextBytes(garbage);
        return garbage;
    }

    @Override
    protected void decodeFrame(ByteBuf in, List<Object> out) {
        switch (state) {
            case SEND_KEY -> fail(in, out, ReasonCode.PROTOCOL_VIOLATION, "protocol violation: bytes before our v2 key was sent");
            case AWAIT_KEY -> awaitKey(in, out);
            case AWAIT_GARBAGE_TERMINATOR -> awaitGarbageTerminator(in, out);
            case AWAIT_VERSION_PACKET, APPLICATION -> packet(in, out);
        }
    }

    private void awaitKey(ByteBuf in, List<Object> out) {
        heardFromPeer = true;
        session.peerCloseMeans(Optional.empty()); // it answered: whatever happens now is no refusal of v2
        int start = in.readerIndex();
        if (!initiator && in.readableBytes() >= 16 && ByteBufUtil.equals(in, start + 4,
                Unpooled.wrappedBuffer(V1_VERSION_COMMAND), 0, V1_VERSION_COMMAND.length)) {
            byte[] seen = new byte[4];
            in.getBytes(start, seen);
            String names = BitcoinNetwork.namesWithMagic(seen);
            fail(in, out, ReasonCode.WRONG_NETWORK, "wrong magic: " + ByteBufUtil.hexDump(seen) + " (a v1 version; expected: "
                    + ByteBufUtil.hexDump(magic) + (names.isEmpty() ? "" : "; " + ByteBufUtil.hexDump(seen) + " is " + names) + ")");
            return;
        }
        if (initiator && in.readableBytes() >= magic.length && ByteBufUtil.equals(in, start, Unpooled.wrappedBuffer(magic), 0, magic.length)) {
            // A v1 node that answers our key in v1 instead of hanging up (bcoin sends a reject for each
            // "message" it reads in our key) refuses v2 as surely as one that closes: a v2 key starts with
            // the network's magic once in 2^32.
            fail(in, out, ReasonCode.V2_REFUSED, "v2 refused: the peer answered our v2 key with a v1 message (the network's magic)");
            return;
        }
        if (in.readableBytes() < KEY_BYTES) {
            return;
        }
        byte[] theirKey = new byte[KEY_BYTES];
        in.readBytes(theirKey);
        if (!consumed(in, out, KEY_BYTES)) {
            return;
        }
        byte[] x = ElligatorSwift.xOnlyEcdh(theirKey, ourPrivateKey);
        byte[] secret = initiator ? Bip324Cipher.sharedSecret(ourKey, theirKey, x) : Bip324Cipher.sharedSecret(theirKey, ourKey, x);
        Bip324Cipher keys = Bip324Cipher.fromSharedSecret(secret, initiator, magic);
        cipher = Optional.of(keys);
        ourPrivateKey = null;
        state = State.AWAIT_GARBAGE_TERMINATOR;
        session.transportAwaits(Optional.of("v2 garbage terminator"));
        // Our terminator, then our version packet (empty contents), the first packet authenticating our garbage.
        if (initiator) {
            ourGarbage = newGarbage(); // made only now: a peer that never answers our key (v1, silent) costs none
        }
        byte[] heldBackGarbage = initiator ? ourGarbage : new byte[0];
        write(context, concat(concat(heldBackGarbage, keys.sendGarbageTerminator()), keys.encrypt(new byte[0], ourGarbage, false)));
        ourGarbage = null;
    }

    private void awaitGarbageTerminator(ByteBuf in, List<Object> out) {
        byte[] terminator = cipher.orElseThrow().receiveGarbageTerminator();
        int start = in.readerIndex();
        int searchable = Math.min(in.readableBytes(), MAX_GARBAGE_BYTES + TERMINATOR_BYTES);
        for (int at = garbageScanned; at + TERMINATOR_BYTES <= searchable; at++) {
            if (matches(in, start + at, terminator)) {
                theirGarbage = new byte[at];
                in.readBytes(theirGarbage);
                in.skipBytes(TERMINATOR_BYTES);
                if (consumed(in, out, at + TERMINATOR_BYTES)) {
                    state = State.AWAIT_VERSION_PACKET;
                    session.transportAwaits(Optional.of("v2 version packet"));
                }
                return;
            }
        }
        if (searchable == MAX_GARBAGE_BYTES + TERMINATOR_BYTES) {
            fail(in, out, ReasonCode.MALFORMED_FRAME, "no v2 garbage terminator within " + MAX_GARBAGE_BYTES
                    + " bytes of garbage");
            return;
        }
        garbageScanned = Math.max(0, searchable - TERMINATOR_BYTES + 1); // only a match across new bytes remains
    }

    private static boolean matches(ByteBuf in, int index, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (in.getByte(index + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** One packet: the length (decrypted once, checked against the cap), then header, contents and tag. */
    private void packet(ByteBuf in, List<Object> out) {
        Bip324Cipher keys = cipher.orElseThrow();
        if (pendingLength < 0) {
            if (in.readableBytes() < Bip324Cipher.LENGTH_BYTES) {
                return;
            }
            byte[] encryptedLength = new byte[Bip324Cipher.LENGTH_BYTES];
            in.readBytes(encryptedLength);
            pendingLength = keys.decryptLength(encryptedLength);
            if (pendingLength > maxContents) {
                fail(in, out, ReasonCode.OVERSIZED_FRAME, "oversized v2 packet: declares " + pendingLength
                        + " bytes of contents (limit: " + maxContents + ")");
                return;
            }
        }
        int body = Bip324Cipher.HEADER_BYTES + pendingLength + Bip324Cipher.TAG_BYTES;
        if (in.readableBytes() < body) {
            return;
        }
        byte[] sealed = new byte[body];
        in.readBytes(sealed);
        pendingLength = -1;
        Optional<Bip324Cipher.Packet> opened = keys.decrypt(sealed, firstPacket ? theirGarbage : NO_AAD);
        if (opened.isEmpty()) {
            fail(in, out, ReasonCode.BAD_CHECKSUM, "bad v2 packet tag" + (firstPacket ? " (first packet, their garbage as AAD)" : ""));
            return;
        }
        firstPacket = false;
        theirGarbage = null;
        if (!consumed(in, out, Bip324Cipher.LENGTH_BYTES + body)) {
            return;
        }
        Bip324Cipher.Packet packet = opened.get();
        if (packet.ignore() || state == State.AWAIT_VERSION_PACKET) {
            Optional<FrameViolation> over = session.budget().chargeFrame("v2 packets");
            if (over.isPresent()) {
                failWith(in, out, over.get());
                return;
            }
        }
        if (packet.ignore()) {
            return; // a decoy: authenticated, counted, ignored
        }
        if (state == State.AWAIT_VERSION_PACKET) {
            // BIP324: the version packet's contents are for future extensions and ignored for now.
            state = State.APPLICATION;
            session.transportAwaits(Optional.empty());
            context.fireChannelActive();
            return;
        }
        message(packet.contents(), in, out);
    }

    private void message(byte[] contents, ByteBuf in, List<Object> out) {
        if (contents.length == 0) {
            fail(in, out, ReasonCode.MALFORMED_FRAME, "empty v2 packet: no message type");
            return;
        }
        int type = contents[0] & 0xff;
        String command;
        int offset;
        if (type == MessageTypeIds.LONG_FORM) {
            if (contents.length < 1 + BitcoinFrame.COMMAND_SIZE) {
                fail(in, out, ReasonCode.MALFORMED_FRAME, "v2 packet too short for its 12-byte message type");
                return;
            }
            command = BitcoinFrameDecoder.command(Arrays.copyOfRange(contents, 1, 1 + BitcoinFrame.COMMAND_SIZE));
            if (command == null) {
                fail(in, out, ReasonCode.MALFORMED_FRAME, "invalid command: "
                        + ByteBufUtil.hexDump(contents, 1, BitcoinFrame.COMMAND_SIZE));
                return;
            }
            offset = 1 + BitcoinFrame.COMMAND_SIZE;
        } else {
            Optional<String> known = MessageTypeIds.command(type);
            if (known.isEmpty()) {
                fail(in, out, ReasonCode.MALFORMED_FRAME, "unknown v2 message type id " + type);
                return;
            }
            command = known.get();
            offset = 1;
        }
        out.add(new BitcoinFrame(command, Arrays.copyOfRange(contents, offset, contents.length)));
    }

    private void failWith(ByteBuf in, List<Object> out, FrameViolation violation) {
        fail(in, out, violation.code(), violation.reason());
    }

    /** Our handshake bytes, written below the packet encoder (they are not messages). */
    private ChannelFuture write(ChannelHandlerContext ctx, byte[] bytes) {
        return ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(f -> {
            if (!f.isSuccess()) {
                session.fail(ReasonCode.IO_ERROR, "could not send the v2 handshake: " + f.cause());
            }
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
