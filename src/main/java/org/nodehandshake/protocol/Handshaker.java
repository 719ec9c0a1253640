package org.nodehandshake.protocol;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.util.concurrent.EventExecutor;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs outbound handshakes over Netty: one connection per target, one deadline per connection covering
 * connect and handshake, at most {@code concurrency} connections in flight, and after a SUCCESS an
 * optional linger before closing. Within the concurrency a {@link LagGate} holds new connections back
 * while the event loops run late; a connection's deadline starts when it leaves the gate, so it measures
 * the node and not our backlog. No thread waits on a
 * socket: callers get a future that completes exactly once, never exceptionally.
 */
public final class Handshaker {

    private static final Logger LOG = LoggerFactory.getLogger(Handshaker.class);

    private final Bootstrap bootstrap;
    /** The handshake for a target: its network's, with its seed entry's settings. */
    private final Function<HandshakeTarget, HandshakeProtocol> protocols;
    private final long timeoutMillis;
    private final long lingerMillis;
    private final ConcurrencyLimiter limiter;
    private final LeastBusyLoops loops;
    /** Within the concurrency, holds starts back while the event loops run late. */
    private final LagGate gate;

    public Handshaker(EventLoopGroup group, Class<? extends SocketChannel> channelType,
                      Function<HandshakeTarget, HandshakeProtocol> protocols, long timeoutMillis, long lingerMillis,
                      int concurrency) {
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("timeout must be positive: " + timeoutMillis);
        }
        this.protocols = Objects.requireNonNull(protocols, "protocols");
        this.timeoutMillis = timeoutMillis;
        this.lingerMillis = Math.max(0, lingerMillis);
        this.limiter = new ConcurrencyLimiter(concurrency);
        // The connect timeout is a backstop only: our own deadline fires first and names the step.
        this.bootstrap = new Bootstrap()
                .group(Objects.requireNonNull(group, "group"))
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis + 1000));
        this.loops = new LeastBusyLoops(group);
        this.gate = new LagGate(loops.all(), concurrency, limiter::inFlight);
    }

    /**
     * Pays start-up costs before the first handshake instead of inside its timings: registers and
     * closes one unconnected channel (class loading, channel set-up) and starts every event loop with
     * one allocation. Measured on loopback: first handshake 95 ms connect + 147 ms handshake before,
     * about 14 ms + 25 ms after. Blocks until done; see {@link #startWarmUp} for the non-blocking form.
     */
    public void warmUp() {
        startWarmUp(List.of()).join();
    }

    /**
     * The same warm-up without waiting for it: it runs on the event loops while the caller goes on
     * (Camel's start in a one-shot run, about 0.4 s of warm-up that no longer delays start-up). A
     * handshake started meanwhile simply queues behind it on its event loop. Each of {@code first}, the
     * protocols the first handshakes will speak, also pays its own first-use cost
     * ({@link HandshakeProtocol#warmUp}), each on an event loop of its own where there are enough.
     */
    public CompletableFuture<Void> startWarmUp(Collection<HandshakeProtocol> first) {
        CompletableFuture<Void> channel = new CompletableFuture<>();
        // Made on an event loop too: the channel's classes and socket set-up are not the caller's to wait for;
        // on the first, where the first handshake goes (LeastBusyLoops).
        loops.first().execute(() -> bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
            }
        }).register().addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                f.channel().close().addListener(c -> channel.complete(null));
            } else {
                channel.complete(null); // nothing to warm: the first handshake reports any real problem
            }
        }));
        List<CompletableFuture<Void>> all = new ArrayList<>(List.of(channel));
        // The first buffer an event loop allocates sets up its allocator cache (about 100 ms).
        bootstrap.config().group().forEach(loop -> all.add(runOn(loop, () -> ByteBufAllocator.DEFAULT.buffer(512).release())));
        Iterator<EventExecutor> loops = bootstrap.config().group().iterator();
        for (HandshakeProtocol protocol : first) {
            if (!loops.hasNext()) {
                loops = bootstrap.config().group().iterator();
            }
            all.add(runOn(loops.next(), () -> {
                try {
                    protocol.warmUp();
                } catch (RuntimeException e) {
                    LOG.debug("warm-up of {} failed (its first handshake pays instead): {}", protocol, e.toString());
                }
            }));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Runs {@code task} on {@code loop}; the future completes when it has run, however it ended. */
    private static CompletableFuture<Void> runOn(EventExecutor loop, Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                task.run();
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    /** Handshakes in flight now (connecting or exchanging messages). */
    public int inFlight() {
        return limiter.inFlight();
    }

    /** Starts (or queues) a handshake; the future completes once with its result. */
    public CompletableFuture<HandshakeResult> handshake(HandshakeTarget target) {
        if (!target.contact()) {
            LOG.info("Handshake with {} ({}) -> FAILED [non-routable]: non-routable", target.seed(), target.endpoint());
            return CompletableFuture.completedFuture(HandshakeResult.notContacted(target, ReasonCode.NON_ROUTABLE,
                    "non-routable"));
        }
        HandshakeProtocol protocol;
        try {
            protocol = protocols.apply(target);
        } catch (IllegalArgumentException e) {
            // Settings are checked at start; one that reaches here unchecked is ours, never the peer's.
            LOG.warn("Handshake with {} ({}) -> FAILED [internal-error]: no handshake for it: {}", target.seed(),
                    target.endpoint(), e.getMessage());
            return CompletableFuture.completedFuture(HandshakeResult.notContacted(target, ReasonCode.INTERNAL_ERROR,
                    "no handshake for this target: " + e.getMessage()));
        }
        CompletableFuture<HandshakeResult> result = new CompletableFuture<>();
        limiter.submit(release -> gate.admit(() -> {
            try {
                start(target, protocol).whenComplete((done, error) -> {
                    release.run();
                    result.complete(done);
                });
            } catch (RuntimeException e) {
                // ours, never the peer's; the permit and the caller's future must not wait for it
                release.run();
                result.complete(HandshakeResult.notContacted(target, ReasonCode.INTERNAL_ERROR,
                        "could not start: " + e));
            }
        }));
        return result;
    }

    /**
     * One handshake: an attempt, and when its protocol names a fallback for how it ended, one more
     * attempt with that within what is left of the same deadline.
     */
    private CompletableFuture<HandshakeResult> start(HandshakeTarget target, HandshakeProtocol protocol) {
        long startNanos = System.nanoTime();
        return attempt(target, protocol, timeoutMillis).thenCompose(first -> {
            long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            var fallback = protocol.fallback(first);
            if (fallback.isEmpty() || left < 1) {
                return CompletableFuture.completedFuture(first);
            }
            LOG.info("Handshake with {} ({}) -> RETRYING ({} ms left): {}", target.seed(), target.endpoint(), left,
                    first.outcome().reason().orElse(""));
            return attempt(target, fallback.get(), left);
        });
    }

    private CompletableFuture<HandshakeResult> attempt(HandshakeTarget target, HandshakeProtocol protocol,
                                                       long deadlineMillis) {
        HandshakeSession session = new HandshakeSession(target, deadlineMillis, Direction.OUTBOUND, protocol.limits());
        LOG.info("Handshake with {} ({}) -> STARTED", target.seed(), target.endpoint());
        CompletableFuture<Void> closed = new CompletableFuture<>();
        LeastBusyLoops.Slot slot = loops.acquire();
        EventLoop loop = slot.loop();
        closed.whenComplete((ignored, error) -> loops.release(slot));
        try {
            // Created, registered and connected in one task on the channel's own event loop: the caller
            // hands over once, and registration needs no second hand-off before the connect.
            loop.execute(() -> open(loop, session, protocol, closed));
        } catch (RejectedExecutionException e) {
            session.connectFailed(ReasonCode.CONNECT_FAILED, "connect failed: event loop shut down");
            closed.complete(null);
        }
        // The caller hears of the result once the connection is gone, so a linger is part of the run.
        return session.result().thenCombine(closed, (result, ignored) -> result);
    }

    private void open(EventLoop loop, HandshakeSession session, HandshakeProtocol protocol,
                      CompletableFuture<Void> closed) {
        ChannelFuture connect;
        try {
            connect = bootstrap.clone(loop)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            protocol.install(ch.pipeline(), session);
                        }
                    })
                    .connect(session.target().socketAddress());
        } catch (RuntimeException e) {
            session.connectFailed(ReasonCode.CONNECT_FAILED, "connect failed: " + e);
            closed.complete(null);
            return;
        }
        connect.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                session.connected();
            } else {
                ConnectFailure failure = describeConnectFailure(f.cause());
                session.connectFailed(failure.code(), failure.reason());
            }
        });
        SessionSupervisor.supervise(connect.channel(), session, protocol, lingerMillis, result -> { })
                .whenComplete((ignored, error) -> closed.complete(null));
    }

    /** Why a connect failed, as a code and in words. */
    record ConnectFailure(ReasonCode code, String reason) {
    }

    /**
     * The JDK reports ECONNREFUSED and ETIMEDOUT (the kernel gave up its SYN retries) as a
     * ConnectException, EHOSTUNREACH as a NoRouteToHostException, and ENETUNREACH (e.g. an IPv6 address
     * on a host without IPv6) as a plain SocketException; Netty keeps the message, adding the address.
     */
    static ConnectFailure describeConnectFailure(Throwable cause) {
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (cause instanceof ConnectTimeoutException) {
            return new ConnectFailure(ReasonCode.CONNECT_TIMEOUT, "connect timed out");
        }
        if (cause instanceof ConnectException) {
            if (message.contains("refused")) {
                return new ConnectFailure(ReasonCode.CONNECT_REFUSED, "connection refused");
            }
            if (message.contains("timed out")) {
                return new ConnectFailure(ReasonCode.CONNECT_TIMEOUT, "connect timed out");
            }
            return new ConnectFailure(ReasonCode.CONNECT_FAILED, "connect failed: " + cause.getMessage());
        }
        if (cause instanceof NoRouteToHostException) {
            return new ConnectFailure(ReasonCode.CONNECT_UNREACHABLE, "no route to host");
        }
        if (cause instanceof SocketException && message.contains("network is unreachable")) {
            return new ConnectFailure(ReasonCode.CONNECT_UNREACHABLE, "network unreachable");
        }
        return new ConnectFailure(ReasonCode.CONNECT_FAILED, "connect failed: " + cause);
    }
}
