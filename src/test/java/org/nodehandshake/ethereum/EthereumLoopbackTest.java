package org.nodehandshake.ethereum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Handshaker;
import org.nodehandshake.protocol.Responder;

/** Our initiator (Handshaker) dials our responder (Responder) over a real loopback socket, on sepolia. */
class EthereumLoopbackTest {

    @Test
    void bothSidesSucceedOverTcp() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            EthereumNetwork net = EthereumNetwork.SEPOLIA;
            NodeKey serverKey = NodeKey.random();
            CompletableFuture<HandshakeResult> inbound = new CompletableFuture<>();
            Responder responder = new Responder(net, new EthereumProtocol(net, serverKey, "node-handshake/responder", 0,
                    Clock.systemUTC()), 5000, 0, 4, 4);
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            responder.accept(ch, inbound::complete);
                        }
                    }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            try {
                EthereumProtocol client = new EthereumProtocol(net, NodeKey.random(), "node-handshake/initiator", 0, Clock.systemUTC());
                Handshaker handshaker = new Handshaker(group, NioSocketChannel.class, n -> client, 5000, 0, 1);
                HandshakeResult outbound = handshaker.handshake(new HandshakeTarget("enode", InetAddress.getLoopbackAddress(),
                        port, net, true, Optional.of(serverKey.nodeIdHex()))).get(10, TimeUnit.SECONDS);
                assertEquals("SUCCESS", outbound.outcome().label(), outbound.toString());
                assertEquals("node-handshake/responder", ((EthereumPeer) outbound.peer().orElseThrow()).hello().clientId());
                HandshakeResult in = inbound.get(10, TimeUnit.SECONDS);
                assertEquals("SUCCESS", in.outcome().label(), in.toString());
                EthereumPeer.Report report = ((EthereumPeer) in.peer().orElseThrow()).report(in.messages());
                assertEquals("node-handshake/initiator", report.clientId());
                assertEquals(69, report.ethVersion());
                assertEquals(11155111L, report.networkId());
                assertEquals("0xfe3366e7", report.forkId().hash());
                assertEquals(List.of("auth", "hello", "status"), report.messages());
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
