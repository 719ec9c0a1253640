package org.nodehandshake.camel;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.netty.NettyWorkerPoolBuilder;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.component.kafka.KafkaComponent;
import org.nodehandshake.distributed.KafkaSettings;
import org.nodehandshake.distributed.Messages;
import org.nodehandshake.distributed.RunLedger;
import org.nodehandshake.dns.Discovery;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.dns.SeedResolver;
import org.nodehandshake.history.HistorySettings;
import org.nodehandshake.history.HistoryStore;
import org.nodehandshake.metrics.ListenerMetrics;
import org.nodehandshake.metrics.RunMetrics;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.module.ProtocolModule;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.Handshaker;
import org.nodehandshake.protocol.Network;
import org.nodehandshake.protocol.Responder;

/**
 * Binds the beans the routes name ({@code seedResolver}, {@code handshakeProcessor}, {@code reportSteps},
 * {@code historyStep}, {@code reportWrites}, {@code runProgress}, {@code runMetrics} and (where metrics are served) its {@code metricsRegistry},
 * the run report's mapper {@code reportJson} and its {@code reportWarmUp};
 * with {@code handshake.kafka.*} also {@code jobPublisher}, {@code resultIntake} and {@code workerSteps};
 * with {@code handshake.listen} also {@code responderInitializer} and {@code listenerRecorder}; and the
 * checked {@code handshakeSettings}) from the {@code handshake.*} properties and the registered protocol modules. Used by camel-main at start and by
 * the route tests alike.
 */
public final class HandshakeBeans implements CamelConfiguration {

    private final ProtocolRegistry registry;

    /** The protocols of this build. */
    public HandshakeBeans() {
        this(ProtocolRegistry.builtIn());
    }

    /** These protocols (a test adds its own module). */
    public HandshakeBeans(ProtocolRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Reads the settings and builds the beans. Every {@code handshake.*} value is checked here, once:
     * by {@link HandshakeSettings} and by the modules as they build their handshakes; a value that is not
     * valid fails with an {@link InvalidSettingException} before anything starts.
     */
    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        Clock clock = Clock.systemUTC();
        ModuleSettings moduleSettings = new ModuleSettings(properties::resolveProperty, clock);
        HandshakeSettings settings;
        KafkaSettings kafka;
        Optional<HistoryStore> history;
        TargetProtocols protocols = new TargetProtocols(registry, moduleSettings);
        Map<Network, Discovery> discoveries = new IdentityHashMap<>();
        try {
            settings = HandshakeSettings.from(properties, registry);
            kafka = KafkaSettings.from(properties::resolveProperty);
            HistorySettings historySettings = HistorySettings.from(properties::resolveProperty);
            history = historySettings.enabled()
                    ? Optional.of(new HistoryStore(historySettings, settings.reportDir())) : Optional.empty();
            // Every network's handshake and discovery, built once (invalid protocol settings fail the start here).
            for (ProtocolModule module : registry.modules()) {
                for (Network network : module.networks()) {
                    protocols.of(network);
                    discoveries.put(network, registry.discoveryOf(network, moduleSettings));
                }
            }
            // And the handshake of every seed entry with settings of its own (a bad value fails the start too).
            settings.seeds().forEach(seed -> protocols.check("handshake.seeds", seed));
            settings.checkSeeds().forEach(seed -> protocols.check(HandshakeSettings.CHECK_SEED, seed));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(e);
        }

        // camel-netty's own worker pool builder, so that handshakes share Camel's Netty event loops.
        NettyWorkerPoolBuilder pool = new NettyWorkerPoolBuilder().withName("NettyHandshake").withWorkerCount(0);
        EventLoopGroup group = pool.build();
        ExecutorService continuation = context.getExecutorServiceManager()
                .newThreadPool(this, "HandshakeContinuation", 1, 4);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            }
        }, true, true);

        Handshaker handshaker = new Handshaker(group, NioSocketChannel.class, protocols,
                settings.timeout().toMillis(), settings.lingerMillis(), settings.concurrency());
        handshaker.startWarmUp(firstHandshakes(settings, protocols)); // on the event loops, while Camel goes on starting
        SeedResolver resolver = new SeedResolver(
                SeedResolver.resolverFor(settings.dnsServer(), settings.timeout()),
                settings.timeout(), settings.maxAddressesPerSeed(), settings.allowPrivate(), discoveries::get);

        context.getRegistry().bind("handshakeSettings", settings);
        context.getRegistry().bind("handshakeWorkerGroup", group);
        context.getRegistry().bind("handshaker", handshaker);
        context.getRegistry().bind("handshakeProcessor", new HandshakeProcessor(handshaker, continuation));
        context.getRegistry().bind("runProgress", new RunProgress(handshaker::inFlight));
        context.getRegistry().bind("seedResolver", new SeedResolutionProcessor(resolver, continuation));
        ReportSteps reportSteps = new ReportSteps(clock, settings.health(), registry.healthTallies(),
                registry.peerJudge(), settings.addressGroups());
        context.getRegistry().bind("reportSteps", reportSteps);
        // The run report's mapper (routes/check-seeds.yaml's marshal), as Camel's Jackson data format would make it with
        // prettyPrint; ours and complete before Camel starts, so that a one-shot run can warm its serializers on
        // another thread meanwhile (ReportWarmUp) and nothing changes its configuration while it is in use.
        ObjectMapper reportJson = JsonMapper.builder().enable(MapperFeature.BLOCK_UNSAFE_POLYMORPHIC_BASE_TYPES)
                .enable(SerializationFeature.INDENT_OUTPUT).build();
        context.getRegistry().bind("reportJson", reportJson);
        context.getRegistry().bind("reportWarmUp", new ReportWarmUp(reportSteps, reportJson));
        HistoryStep historyStep = new HistoryStep(history);
        ReportWrites reportWrites = new ReportWrites(settings.reportDir());
        context.getRegistry().bind("historyStep", historyStep);
        context.getRegistry().bind("reportWrites", reportWrites);
        // Metrics are kept where they are served: by the service and the listener, on handshake.metrics.listen
        // (cli/MetricsEndpoint). A run that ends has that key blank, and its route step records nothing.
        Optional<PrometheusRegistry> metrics = settings.metricsListen().map(served -> new PrometheusRegistry());
        metrics.ifPresent(registry -> context.getRegistry().bind("metricsRegistry", registry));
        context.getRegistry().bind("runMetrics", metrics
                .map(registry -> new RunMetrics(registry, reportWrites::failures, historyStep::failures))
                .orElseGet(RunMetrics::unserved));
        context.getRegistry().bind("scheduledRuns",
                new ScheduledRuns(settings.seeds(), settings.reportDir(), settings.retention()));
        bindDistributed(context, kafka, clock, settings);

        if (settings.listen().isPresent()) {
            HostAndPort listen = settings.listen().get();
            try {
                registry.moduleOf(settings.network()).listening(settings.network(), moduleSettings,
                        InetAddress.getByName(listen.host()), listen.port());
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(e);
            }
            Responder responder = new Responder(settings.network(), protocols.of(settings.network()),
                    settings.timeout().toMillis(), settings.lingerMillis(), settings.maxInbound(),
                    settings.maxInboundPerAddress());
            context.getRegistry().bind("responder", responder);
            context.getRegistry().bind("responderInitializer", new ResponderInitializerFactory(responder));
            Optional<ListenerMetrics> listenerMetrics = metrics.map(registry ->
                    new ListenerMetrics(registry, settings.network().id(), responder::counters));
            context.getRegistry().bind("listenerRecorder", new ListenerRecorder(responder, settings.listen().get(), clock,
                    settings.listenerResultsKept(), listenerMetrics));
        }
    }

    /** The handshakes this process opens first: the one-shot check's seed's, else the configured seeds'; none for the listener. */
    private static List<HandshakeProtocol> firstHandshakes(HandshakeSettings settings, TargetProtocols protocols) {
        if (settings.listen().isPresent()) {
            return List.of();
        }
        List<Seed> seeds = settings.checkSeeds().isEmpty() ? settings.seeds() : settings.checkSeeds();
        return seeds.stream().map(seed -> protocols.of(seed.network(), seed.settings())).distinct().toList();
    }

    /**
     * The coordinator's {@code jobPublisher} and {@code resultIntake}, with a vantage the worker's {@code workerSteps}
     * (bound always, the routes name them; their routes start only with Kafka) and, with
     * {@code handshake.kafka.bootstrap-servers}, Camel's Kafka component pointed at the brokers. The derived
     * {@code handshake.kafka.enabled} tells the routes whether they run distributed.
     */
    private void bindDistributed(CamelContext context, KafkaSettings kafka, Clock clock, HandshakeSettings settings) {
        context.getRegistry().bind("kafkaSettings", kafka);
        context.getPropertiesComponent().addOverrideProperty(KafkaSettings.ENABLED, Boolean.toString(kafka.enabled()));
        if (kafka.enabled()) {
            context.getComponent("kafka", KafkaComponent.class).getConfiguration()
                    .setBrokers(String.join(",", kafka.bootstrapServers()));
        }
        Messages messages = new Messages(kafka.maxMessageBytes(), settings.maxAddressesPerSeed());
        RunLedger ledger = new RunLedger();
        context.getRegistry().bind("jobPublisher", new JobPublisher(kafka, ledger, messages, clock));
        context.getRegistry().bind("resultIntake", new ResultIntake(kafka, ledger, messages,
                context.getRegistry().lookupByNameAndType("reportSteps", ReportSteps.class), clock));
        kafka.vantage().ifPresent(vantage ->
                context.getRegistry().bind("workerSteps", new WorkerSteps(vantage, messages, registry)));
    }
}
