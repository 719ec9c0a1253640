package org.nodehandshake.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine's warm-up also pays each first protocol's own first-use cost, once, on an event loop, and survives its failure. */
class HandshakerWarmUpTest {

    /** Records the thread of each warm-up; the one named "broken" throws. */
    private record Recording(String name, Map<String, String> threads) implements QuietProtocol {
        @Override
        public void warmUp() {
            threads.merge(name, Thread.currentThread().getName(), (a, b) -> a + "+" + b);
            if (name.equals("broken")) {
                throw new IllegalStateException("no curve today");
            }
        }
    }

    @Test
    void eachFirstProtocolIsWarmedOnceOnAnEventLoop() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, (ThreadFactory) runnable -> new Thread(runnable, "loop"),
                NioIoHandler.newFactory());
        try {
            Map<String, String> threads = new ConcurrentHashMap<>();
            List<HandshakeProtocol> first = List.of(new Recording("a", threads), new Recording("broken", threads),
                    new Recording("c", threads));
            Handshaker handshaker = new Handshaker(loops, NioSocketChannel.class, target -> first.get(0), 1000, 0, 8);

            handshaker.startWarmUp(first).get(10, TimeUnit.SECONDS);

            assertEquals(Map.of("a", "loop", "broken", "loop", "c", "loop"), threads);
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
