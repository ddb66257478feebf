package io.watchfloor.stack.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * RELIABILITY test 18: 5% of Produce responses dropped between the producer and the broker. A broker of its own
 * (in this JVM, KRaft, one combined node) listens on a free port but advertises the proxy's, so every client
 * connection, not just the bootstrap one, goes through {@link ResponseDroppingProxy}.
 *
 * <p>Opt-in ({@code -Dwatchfloor.faults.all=true}): in CI the fault suite's test 18 ({@code FaultSuiteIT}) runs the
 * same check against the stack's real broker process, so this in-JVM version on 1,000 records is left out of CI's
 * 25-minute budget.
 */
@EnabledIfSystemProperty(named = "watchfloor.faults.all", matches = "true")
class DroppedResponsesIT {
    private static final int RECORDS = 1_000;
    private static final double DROP_SHARE = 0.05;
    private static final String LISTENER = "EXTERNAL";

    private static final AtomicReference<InetSocketAddress> BROKER = new AtomicReference<>();
    private static ResponseDroppingProxy proxy;
    private static KafkaClusterTestKit broker;

    @BeforeAll
    static void startBrokerBehindTheProxy() throws Exception {
        proxy = ResponseDroppingProxy.start(0, () -> {
            InetSocketAddress address = BROKER.get();
            if (address == null) {
                throw new IllegalStateException("broker not started yet");
            }
            return address;
        }, DROP_SHARE, ResponseDroppingProxy.DropMode.CLOSE, 18L);
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBrokerListenerName(new ListenerName(LISTENER))
                .setPerServerProperties(Map.of(0, Map.of("advertised.listeners",
                        LISTENER + "://" + proxy.address())))
                .build();
        broker = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setDeleteOnClose(true)
                .build();
        broker.format();
        broker.startup();
        String bound = broker.bootstrapServers().split(",")[0];
        int colon = bound.lastIndexOf(':');
        BROKER.set(new InetSocketAddress("127.0.0.1", Integer.parseInt(bound.substring(colon + 1))));
        broker.waitForReadyBrokers();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldWriteEveryRecordOnceWithIdempotenceAndDuplicatesWithoutIt() throws Exception {
        long droppedBefore = proxy.droppedResponses();
        long connectionsBefore = proxy.connections();
        DroppedResponsesCheck.Result idempotent = DroppedResponsesCheck.run(
                DroppedResponsesCheck.producerConfig(proxy.address(), true), "dropped-responses-idempotent", RECORDS);
        long droppedIdempotent = proxy.droppedResponses() - droppedBefore;
        System.out.printf("idempotence on: %s, %d produce responses dropped, %d connections%n", idempotent,
                droppedIdempotent, proxy.connections() - connectionsBefore);

        long droppedMiddle = proxy.droppedResponses();
        DroppedResponsesCheck.Result plain = DroppedResponsesCheck.run(
                DroppedResponsesCheck.producerConfig(proxy.address(), false), "dropped-responses-plain", RECORDS);
        long droppedPlain = proxy.droppedResponses() - droppedMiddle;
        System.out.printf("idempotence off: %s, %d produce responses dropped%n", plain, droppedPlain);

        // the fault happened: about 5% of about 1,000 single-record produce requests (binomial, seeded): ~50
        assertTrue(droppedIdempotent >= 20, "responses dropped with idempotence on: " + droppedIdempotent);
        assertTrue(droppedPlain >= 20, "responses dropped with idempotence off: " + droppedPlain);

        assertEquals(RECORDS, idempotent.inTopic(), "records in the topic with idempotence on");
        assertEquals(RECORDS, idempotent.distinctKeys());
        assertEquals(0, idempotent.duplicates());
        assertEquals(0, idempotent.missing());
        assertTrue(idempotent.exactlyOnce());

        assertEquals(0, plain.missing(), "acks=all with retries loses nothing");
        assertEquals(RECORDS, plain.distinctKeys());
        assertTrue(plain.inTopic() > RECORDS, "the control must write duplicates: " + plain);
        assertEquals(plain.inTopic() - RECORDS, plain.duplicates());
    }
}
