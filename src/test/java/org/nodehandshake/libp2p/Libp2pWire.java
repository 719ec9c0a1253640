package org.nodehandshake.libp2p;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.nodehandshake.libp2p.StreamMuxer.Violation;

/**
 * A scripted libp2p peer for tests, with our own classes but driven by hand: multistream-select lines,
 * Noise XX in either role (any static key, any payload), the transport messages after it, yamux and
 * mplex frames, Identify messages. Reads are blocking on an {@link InputStream} (a socket's), or take the
 * bytes our side wrote; nothing here checks what our side does beyond what a script asks for.
 *
 * <p>One instance is one connection: its Noise state and transport keys are the connection's.
 */
public final class Libp2pWire {

    private static final byte[] NO_AD = new byte[0];

    /** The identity that signs our payloads (and that Identify names), and the Noise static key it signs. */
    public final Libp2pIdentity identity;
    public final NoiseXX.KeyPair staticKey;
    private NoiseXX noise;
    private NoiseCipherState sender;
    private NoiseCipherState receiver;
    private final ByteBuf plain = Unpooled.buffer();

    public Libp2pWire() {
        this(Libp2pIdentity.random(), NoiseXX.KeyPair.generate());
    }

    /** {@code staticKey} may be anything, a low-order point included: our peer must refuse those. */
    public Libp2pWire(Libp2pIdentity identity, NoiseXX.KeyPair staticKey) {
        this.identity = identity;
        this.staticKey = staticKey;
    }

    /** The peer id of {@link #identity}, as a /p2p/ part names it. */
    public String peerId() {
        return PeerId.ofEncodedKey(identity.encodedPublicKey()).toString();
    }

    /** The X25519 key whose public half is all zero: every DH with it gives zero (RFC 7748's low-order point). */
    public static NoiseXX.KeyPair lowOrderStaticKey() {
        return new NoiseXX.KeyPair(NoiseXX.KeyPair.generate().privateKey(), new byte[NoiseXX.DH_BYTES]);
    }

    // ---------------------------------------------------------------------------------------------
    // multistream-select on the raw connection

    /** The wire form of one or more lines, concatenated. */
    public static byte[] lines(String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String l : lines) {
            out.writeBytes(MultistreamSelect.message(l));
        }
        return out.toByteArray();
    }

    /** Reads one multistream line (varint length, text, newline) from the raw connection. */
    public static String readLine(InputStream in) throws IOException {
        long length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = readByte(in);
            length |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            if (shift > 28) {
                throw new IOException("multistream length varint too long");
            }
        }
        if (length < 1 || length > MultistreamSelect.MAX_MESSAGE_BYTES) {
            throw new IOException("multistream line of " + length + " bytes");
        }
        byte[] body = new DataInputStream(in).readNBytes((int) length);
        if (body.length != length || body[body.length - 1] != '\n') {
            throw new IOException("multistream line cut short or without its newline");
        }
        return new String(body, 0, body.length - 1, java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------
    // Noise XX

    /** A 2-byte big-endian length, then {@code message}: how libp2p frames every Noise message. */
    public static byte[] framed(byte[] message) {
        byte[] out = new byte[2 + message.length];
        out[0] = (byte) (message.length >>> 8);
        out[1] = (byte) message.length;
        System.arraycopy(message, 0, out, 2, message.length);
        return out;
    }

    /** Reads one framed Noise message. */
    public static byte[] readNoise(InputStream in) throws IOException {
        int length = readByte(in) << 8 | readByte(in);
        byte[] message = in.readNBytes(length);
        if (message.length != length) {
            throw new IOException("Noise message cut short");
        }
        return message;
    }

    /** A valid libp2p handshake payload: {@link #identity} signing {@link #staticKey}. */
    public byte[] payload() {
        return NoiseHandshakePayload.create(identity, staticKey.publicKey(), List.of()).write();
    }

    /** A payload carrying {@link #identity}'s key and its signature over another static key than ours. */
    public byte[] payloadSigningAnotherKey() {
        return NoiseHandshakePayload.create(identity, NoiseXX.KeyPair.generate().publicKey(), List.of()).write();
    }

    /** A payload whose identity key is of a type no libp2p spec defines (99), with a signature. */
    public static byte[] payloadWithUnknownKeyType() {
        byte[] key = Protobuf.writer().varint(1, 99).bytes(2, new byte[32]).toByteArray();
        return Protobuf.writer().bytes(1, key).bytes(2, new byte[64]).toByteArray();
    }

    /** Initiator: message A, framed. */
    public byte[] messageA() throws NoiseException {
        noise = NoiseXX.initiator(staticKey, new byte[0]);
        return framed(noise.writeMessage(new byte[0]));
    }

    /** Initiator: reads message B, returns its payload (the responder's). */
    public byte[] readMessageB(InputStream in) throws IOException, NoiseException {
        return noise.readMessage(readNoise(in));
    }

    /** Initiator: message C carrying {@code payload}, framed; the transport keys are ready after it. */
    public byte[] messageC(byte[] payload) throws NoiseException {
        byte[] c = noise.writeMessage(payload);
        split();
        return framed(c);
    }

    /** Responder: reads message A. */
    public void readMessageA(InputStream in) throws IOException, NoiseException {
        readMessageA(readNoise(in));
    }

    public void readMessageA(byte[] unframed) throws NoiseException {
        noise = NoiseXX.responder(staticKey, new byte[0]);
        noise.readMessage(unframed);
    }

    /** Responder: message B carrying {@code payload}, framed. */
    public byte[] messageB(byte[] payload) throws NoiseException {
        return framed(noise.writeMessage(payload));
    }

    /** Responder: reads message C and returns its payload; the transport keys are ready after it. */
    public byte[] readMessageC(InputStream in) throws IOException, NoiseException {
        return readMessageC(readNoise(in));
    }

    public byte[] readMessageC(byte[] unframed) throws NoiseException {
        byte[] payload = noise.readMessage(unframed);
        split();
        return payload;
    }

    private void split() {
        NoiseXX.Transport keys = noise.split();
        sender = keys.send();
        receiver = keys.receive();
    }

    // ---------------------------------------------------------------------------------------------
    // the secure channel

    /** {@code plaintext} (at most 65519 bytes) as one framed transport message. */
    public byte[] seal(byte[] plaintext) throws NoiseException {
        return framed(sender.encryptWithAd(NO_AD, plaintext));
    }

    /** Several pieces of plaintext as one transport message. */
    public byte[] seal(byte[]... plaintexts) throws NoiseException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : plaintexts) {
            out.writeBytes(p);
        }
        return seal(out.toByteArray());
    }

    /** Decrypts one transport message our side wrote (unframed). */
    public byte[] open(byte[] unframed) throws NoiseException {
        return receiver.decryptWithAd(NO_AD, unframed);
    }

    /** Reads transport messages until one whole multistream line is in the plaintext; returns it. */
    public String readSecureLine(InputStream in) throws IOException, NoiseException {
        while (true) {
            try {
                Optional<String> line = MultistreamSelect.read(plain);
                if (line.isPresent()) {
                    plain.discardReadBytes();
                    return line.get();
                }
            } catch (MalformedMessageException | Violation e) {
                throw new IOException(e);
            }
            plain.writeBytes(open(readNoise(in)));
        }
    }

    /** Reads transport messages until one whole yamux frame is in the plaintext; returns it. */
    public YamuxFrame readYamux(InputStream in) throws IOException, NoiseException {
        while (true) {
            try {
                Optional<YamuxFrame> frame = YamuxFrame.read(plain);
                if (frame.isPresent()) {
                    plain.discardReadBytes();
                    return frame.get();
                }
            } catch (Violation e) {
                throw new IOException(e);
            }
            plain.writeBytes(open(readNoise(in)));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // muxers and identify

    /** A yamux header with any length, DATA included (no body follows: the length may lie). */
    public static byte[] header(int type, int flags, long stream, long length) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(YamuxFrame.HEADER_BYTES);
        b.put((byte) YamuxFrame.VERSION).put((byte) type).putShort((short) flags).putInt((int) stream).putInt((int) length);
        return b.array();
    }

    public static byte[] yamuxData(long stream, int flags, byte[] body) {
        return YamuxFrame.data(stream, flags, body).write();
    }

    public static byte[] mplex(long stream, int flag, byte[] data) {
        return new MplexFrame(stream, flag, data).write();
    }

    /** An mplex header declaring {@code length} bytes, no body. */
    public static byte[] mplexHeader(long stream, int flag, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(stream << 3 | flag, out);
        Varint.write(length, out);
        return out.toByteArray();
    }

    /** Our Identify: {@link #identity}'s key (or {@code key}), a few protocols, on its stream (delimited). */
    public byte[] identify(byte[] key) {
        return new Identify("ipfs/0.1.0", "hostile/1.0", key, List.of(), List.of(Identify.PROTOCOL), Optional.empty(),
                Optional.empty()).writeDelimited();
    }

    public byte[] identify() {
        return identify(identity.encodedPublicKey());
    }

    /** The varint form of {@code value}. */
    public static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(value, out);
        return out.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("end of stream");
        }
        return b;
    }
}
