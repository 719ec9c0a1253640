package org.nodehandshake.protocol;

import org.nodehandshake.bitcoin.BitcoinNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinProtocol;

/**
 * A refused connect is reported as refused, every time: a loopback connect can fail before the
 * engine's listeners are attached, and then the channel's close must not be mistaken for a peer
 * closing an established connection.
 */
class HandshakerConnectFailureTest {

    @Test
    void everyRefusedConnectIsReportedAsRefused() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            BitcoinProtocol protocol = new BitcoinProtocol(BitcoinNetwork.REGTEST, "/refused-test:1/", Clock.systemUTC());
            Handshaker handshaker = new Handshaker(loops, NioSocketChannel.class, n -> protocol, 2000, 0, 64);
            InetAddress nobody = InetAddress.getByName("127.0.0.46"); // nothing listens on port 1 here
            List<CompletableFuture<HandshakeResult>> all = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                all.add(handshaker.handshake(new HandshakeTarget("refused", nobody, 1, BitcoinNetwork.REGTEST, true)));
            }
            Map<String, Integer> reasons = new TreeMap<>();
            for (CompletableFuture<HandshakeResult> f : all) {
                reasons.merge(f.get(10, TimeUnit.SECONDS).outcome().reason().orElse("SUCCESS"), 1, Integer::sum);
            }
            assertEquals(Map.of("connection refused", 500), reasons);
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
