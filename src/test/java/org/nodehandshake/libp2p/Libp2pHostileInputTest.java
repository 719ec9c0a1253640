package org.nodehandshake.libp2p;


import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input, fed in random chunks: every reader and state machine of the stream layer
 * either waits, succeeds, or throws one of its two documented exceptions, never anything else.
 */
class Libp2pHostileInputTest {

    private static final int RUNS = 3000;

    interface Feed {
        void accept(ByteBuf in) throws Exception;
    }

    private static void survive(String what, Random random, byte[] seed, Feed feed) {
        byte[] input = mutate(random, seed);
        ByteBuf in = Unpooled.buffer();
        int at = 0;
        try {
            while (at < input.length) {
                int n = Math.min(input.length - at, 1 + random.nextInt(40));
                in.writeBytes(input, at, n);
                at += n;
                feed.accept(in);
                in.discardReadBytes();
            }
        } catch (MalformedMessageException | StreamMuxer.Violation expected) {
            // documented
        } catch (Exception | Error e) {
            throw new AssertionError(what + ": " + e + " on " + java.util.HexFormat.of().formatHex(input), e);
        }
    }

    private static byte[] mutate(Random random, byte[] seed) {
        if (seed.length == 0 || random.nextInt(4) == 0) {
            byte[] b = new byte[random.nextInt(200)];
            random.nextBytes(b);
            return b;
        }
        byte[] b = seed.clone();
        for (int i = random.nextInt(4); i >= 0; i--) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return b;
    }

    @Test
    void randomAndMutatedInputGivesOnlyDocumentedExceptions() {
        Random random = new Random(20240613L);
        byte[] negotiation = concat(MultistreamSelect.message(MultistreamSelect.PROTOCOL),
                MultistreamSelect.message("na"), MultistreamSelect.message("/b"));
        byte[] yamux = concat(YamuxFrame.data(2, YamuxFrame.FLAG_SYN, "abc".getBytes()).write(),
                YamuxFrame.ping(YamuxFrame.FLAG_SYN, 1).write(), YamuxFrame.windowUpdate(1, YamuxFrame.FLAG_ACK, 9).write(),
                YamuxFrame.data(2, YamuxFrame.FLAG_FIN, "de".getBytes()).write(), YamuxFrame.goAway(0).write());
        byte[] mplex = concat(new MplexFrame(0, MplexFrame.NEW_STREAM, "0".getBytes()).write(),
                new MplexFrame(0, MplexFrame.MESSAGE_INITIATOR, "hi".getBytes()).write(),
                new MplexFrame(0, MplexFrame.MESSAGE_RECEIVER, "x".getBytes()).write(),
                new MplexFrame(0, MplexFrame.CLOSE_INITIATOR, new byte[0]).write());
        byte[] identify = new Identify("ipfs/0.1.0", "agent", new byte[] {8, 1}, List.of(new byte[] {4, 1, 2, 3, 4}),
                List.of("/ipfs/id/1.0.0"), Optional.of(new byte[] {4}), Optional.of(new byte[] {1})).writeDelimited();
        for (int i = 0; i < RUNS; i++) {
            survive("multistream line", random, negotiation, in -> {
                while (MultistreamSelect.read(in).isPresent()) {
                    // read on
                }
            });
            MultistreamNegotiation dialer = MultistreamNegotiation.dialer(List.of("/a", "/b"));
            dialer.start();
            survive("multistream dialer", random, negotiation, dialer::onInput);
            MultistreamNegotiation listener = MultistreamNegotiation.listener(Set.of("/b"));
            listener.start();
            survive("multistream listener", random, negotiation, listener::onInput);
            YamuxSession client = new YamuxSession(true);
            client.openStream();
            survive("yamux session", random, yamux, in -> {
                client.onInput(in);
                client.takeOutput();
            });
            MplexSession mplexSession = new MplexSession();
            mplexSession.openStream();
            survive("mplex session", random, mplex, in -> {
                mplexSession.onInput(in);
                mplexSession.takeOutput();
            });
            survive("identify", random, identify, in -> {
                if (Identify.readDelimited(in).isPresent()) {
                    in.skipBytes(in.readableBytes());
                }
            });
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf b = Unpooled.wrappedBuffer(parts);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }
}
