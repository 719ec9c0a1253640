package org.nodehandshake.testing;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker in KRaft mode (one combined broker and controller) inside the test JVM, with Kafka's own
 * test kit: no Docker, no other process. It listens on localhost only, on a port the kit picks.
 */
public final class KafkaBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static KafkaBroker start() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                // one broker: the internal topics cannot have Kafka's default three replicas (without this the
                // consumer group never forms)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false") // the tool creates its topics itself
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
