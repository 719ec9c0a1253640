package org.nodehandshake.adversarial;

import org.nodehandshake.bitcoin.BitcoinNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinProtocol;
import org.nodehandshake.protocol.ConcurrencyLimiter;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Handshaker;
import org.nodehandshake.protocol.Responder;
import org.nodehandshake.testing.FileDescriptors;

/**
 * Tens of thousands of hostile handshakes on each side, then file descriptors, threads and heap must be
 * back at their baseline. The figures are printed for SECURITY.md.
 */
class HostileSoakIT {

    static final int HANDSHAKES = 20_000;
    static final int IN_FLIGHT = 256;
    static final List<String> SERVER_IPS = List.of("127.0.0.74", "127.0.0.75", "127.0.0.76", "127.0.0.77");
    static final List<String> CLIENT_IPS = List.of("127.0.0.81", "127.0.0.82", "127.0.0.83", "127.0.0.84");

    @Test
    void hostileHandshakesLeaveNoResourcesBehind() throws Exception {
        EventLoopGroup peers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        EventLoopGroup ours = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<Channel> servers = new ArrayList<>();
        try {
            // Initiator side: servers that answer every connection with garbage.
            List<InetSocketAddress> hostile = new ArrayList<>();
            for (String ip : SERVER_IPS) {
                Channel s = new ServerBootstrap().group(peers).channel(NioServerSocketChannel.class)
                        .childHandler(new GarbageSender()).bind(ip, 0).sync().channel();
                servers.add(s);
                hostile.add((InetSocketAddress) s.localAddress());
            }
            BitcoinProtocol protocol = new BitcoinProtocol(BitcoinNetwork.REGTEST, "/soak:1/", Clock.systemUTC());
            Handshaker handshaker = new Handshaker(ours, NioSocketChannel.class, n -> protocol, 2000, 0, IN_FLIGHT);

            // Responder side: our responder, fed garbage by raw clients.
            Responder responder = new Responder(BitcoinNetwork.REGTEST, protocol, 2000, 0, 10_000, 10_000);
            AtomicInteger inboundOutcomes = new AtomicInteger();
            Map<String, AtomicInteger> inboundReasons = new ConcurrentHashMap<>();
            Channel listener = new ServerBootstrap().group(ours).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            responder.accept(ch, r -> {
                                inboundOutcomes.incrementAndGet();
                                inboundReasons.computeIfAbsent(reasonKind(r), k -> new AtomicInteger()).incrementAndGet();
                            });
                        }
                    }).bind("127.0.0.73", 0).sync().channel();
            servers.add(listener);

            // Warm up both sides, then take the baseline.
            runInitiatorSide(handshaker, hostile, 500);
            runResponderSide(peers, (InetSocketAddress) listener.localAddress(), 500);
            Resources before = Resources.settled(null);

            long start = System.nanoTime();
            Map<String, Integer> outbound = runInitiatorSide(handshaker, hostile, HANDSHAKES);
            long outboundMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            start = System.nanoTime();
            int served = inboundOutcomes.get();
            runResponderSide(peers, (InetSocketAddress) listener.localAddress(), HANDSHAKES);
            awaitCount(inboundOutcomes, served + HANDSHAKES);
            long inboundMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Resources after = Resources.settled(before);

            System.out.printf("HostileSoakIT: %d outbound hostile handshakes in %d ms %s; %d inbound in %d ms %s%n",
                    HANDSHAKES, outboundMillis, outbound, HANDSHAKES, inboundMillis, inboundReasons);
            System.out.printf("HostileSoakIT: fds %d -> %d, threads %d -> %d, heap used %d MiB -> %d MiB, "
                            + "responder active %d, tracked sources %d%n",
                    before.fds, after.fds, before.threads, after.threads, before.heapMiB, after.heapMiB,
                    responder.counters().active(), responder.sourcesTracked());

            assertEquals(HANDSHAKES, outbound.values().stream().mapToInt(Integer::intValue).sum());
            assertEquals(HANDSHAKES, outbound.getOrDefault(ReasonCode.WRONG_NETWORK.code(), 0), outbound.toString());
            assertEquals(0, responder.counters().active(), "no inbound connection left open");
            assertEquals(0, responder.sourcesTracked(), "no per-address entry left behind");
            assertTrue(after.fds <= before.fds + 10, "file descriptors " + before.fds + " -> " + after.fds);
            assertTrue(after.threads <= before.threads + 2, "threads " + before.threads + " -> " + after.threads);
            assertTrue(after.heapMiB <= before.heapMiB + 32, "heap " + before.heapMiB + " -> " + after.heapMiB + " MiB");
        } finally {
            for (Channel s : servers) {
                s.close().syncUninterruptibly();
            }
            ours.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            peers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    static Map<String, Integer> runInitiatorSide(Handshaker handshaker, List<InetSocketAddress> servers, int count)
            throws Exception {
        List<CompletableFuture<HandshakeResult>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            InetSocketAddress s = servers.get(i % servers.size());
            all.add(handshaker.handshake(new HandshakeTarget("soak", s.getAddress(), s.getPort(), BitcoinNetwork.REGTEST, true)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        Map<String, Integer> reasons = new ConcurrentHashMap<>();
        for (CompletableFuture<HandshakeResult> f : all) {
            reasons.merge(reasonKind(f.join()), 1, Integer::sum);
        }
        return reasons;
    }

    /** Raw clients, at most IN_FLIGHT at once, each sending garbage until the responder closes it. */
    static void runResponderSide(EventLoopGroup group, InetSocketAddress listener, int count) throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(count);
        Bootstrap client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new GarbageSender());
        for (int i = 0; i < count; i++) {
            InetAddress local = InetAddress.getByName(CLIENT_IPS.get(i % CLIENT_IPS.size()));
            limiter.submit(release -> client.connect(listener, new InetSocketAddress(local, 0))
                    .addListener((ChannelFutureListener) f -> f.channel().closeFuture().addListener(c -> {
                        release.run();
                        done.countDown();
                    })));
        }
        assertTrue(done.await(5, TimeUnit.MINUTES), "clients finished");
    }

    static void awaitCount(AtomicInteger counter, int wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (counter.get() < wanted && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(wanted, counter.get(), "every inbound connection has an outcome");
    }

    /** The outcome's reason code, "success" without one. */
    static String reasonKind(HandshakeResult r) {
        return r.outcome().reasonCode().map(ReasonCode::code).orElse("success");
    }

    /** Writes 64 random bytes when connected and swallows whatever comes back. */
    @io.netty.channel.ChannelHandler.Sharable
    static final class GarbageSender extends ChannelInboundHandlerAdapter {
        private static final byte[] GARBAGE = new byte[64];

        static {
            new Random(1).nextBytes(GARBAGE);
            GARBAGE[0] = 0x47; // never a network magic's first byte
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(GARBAGE));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    record Resources(int fds, int threads, long heapMiB) {
        static Resources now() {
            System.gc();
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
            return new Resources(FileDescriptors.count(), ManagementFactory.getThreadMXBean().getThreadCount(), heap);
        }

        /** Waits up to 10 s for closing sockets and exiting threads to settle (down to the baseline, if given). */
        static Resources settled(Resources baseline) throws InterruptedException {
            Resources last = now();
            for (int i = 0; i < 50; i++) {
                Thread.sleep(200);
                Resources current = now();
                boolean stable = current.fds == last.fds && current.threads == last.threads;
                boolean atBaseline = baseline == null
                        || (current.fds <= baseline.fds && current.threads <= baseline.threads);
                last = current;
                if (stable && atBaseline) {
                    break;
                }
            }
            return Objects.requireNonNull(last);
        }
    }
}
