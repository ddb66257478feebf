package io.watchfloor.faults;

import io.watchfloor.stack.StackOptions;
import io.watchfloor.stack.fault.DroppedResponsesCheck;
import io.watchfloor.stack.fault.ResponseDroppingProxy;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Test 18: 5% of Produce responses dropped by a proxy between the producer and the stack's real broker
 * ({@link ResponseDroppingProxy} in front of the broker's {@code PROXIED} listener, which advertises the proxy:
 * {@link StackOptions.ProxiedListener}, turned on by {@link FaultSuite#startStack}). While the load runs, N records
 * (the scale, at most {@value #MAX_RECORDS}) are produced one by one through the proxy to a scratch topic of the
 * test with ingest's producer settings (idempotent, acks=all), then N more with idempotence off to another one (the
 * control, {@link DroppedResponsesCheck}); each topic is read back and counted: 0 duplicates with idempotence,
 * more than 0 without, none missing in either.
 */
final class DroppedResponses implements FaultTest {
    static final double DROP_SHARE = 0.05;
    static final int MAX_RECORDS = 2_000;

    private volatile DroppedResponsesCheck.Result idempotent;
    private volatile DroppedResponsesCheck.Result plain;
    private volatile long droppedIdempotent;
    private volatile long droppedPlain;
    private volatile long produceRequests;
    private volatile String advertised;
    private volatile String proxyAddress;

    @Override
    public int number() {
        return 18;
    }

    @Override
    public String name() {
        return "5% produce responses dropped";
    }

    @Override
    public String fault() {
        return "producer run through the proxy";
    }

    /** Two: the idempotent producer's run and the control's. */
    @Override
    public int planned(SuiteConfig config) {
        return 2;
    }

    static int records(SuiteConfig config) {
        return Math.min(config.scale(), MAX_RECORDS);
    }

    @Override
    public void inject(TestRun run) throws Exception {
        idempotent = null;
        plain = null;
        advertised = null;
        proxyAddress = null;
        droppedIdempotent = 0;
        droppedPlain = 0;
        produceRequests = 0;
        StackOptions.ProxiedListener listener = run.stack.options().proxiedListener();
        if (listener == null) {
            throw new IllegalStateException("the stack has no proxied listener (StackOptions.withProxiedListener; "
                    + "FaultSuite.startStack turns it on)");
        }
        int n = records(run.config);
        String prefix = "faults.t18." + run.marker;
        List<String> topics = List.of(prefix + ".idempotent", prefix + ".plain");
        run.atFraction(0.1);
        try (Admin admin = run.probe.admin();
             ResponseDroppingProxy proxy = ResponseDroppingProxy.start(listener.advertisedPort(),
                     () -> new InetSocketAddress("127.0.0.1", listener.port()), DROP_SHARE,
                     ResponseDroppingProxy.DropMode.CLOSE, 18L)) {
            short rf = (short) run.stack.options().replicationFactor();
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, 1, rf)).toList()).all()
                    .get(60, TimeUnit.SECONDS);
            proxyAddress = proxy.address();
            advertised = brokersSeenThrough(proxy.address());
            run.status("proxy on " + proxy.address() + " in front of the broker's PROXIED listener :"
                    + listener.port() + ", dropping " + (int) (DROP_SHARE * 100) + "% of produce responses; "
                    + "metadata through it names " + advertised);
            try {
                long before = proxy.droppedResponses();
                idempotent = DroppedResponsesCheck.run(DroppedResponsesCheck.producerConfig(proxy.address(), true),
                        topics.get(0), n);
                droppedIdempotent = proxy.droppedResponses() - before;
                run.status("idempotence on: " + idempotent + ", " + droppedIdempotent + " responses dropped");
                run.faultDone();
                before = proxy.droppedResponses();
                plain = DroppedResponsesCheck.run(DroppedResponsesCheck.producerConfig(proxy.address(), false),
                        topics.get(1), n);
                droppedPlain = proxy.droppedResponses() - before;
                produceRequests = proxy.produceRequests();
                run.status("idempotence off: " + plain + ", " + droppedPlain + " responses dropped");
                run.faultDone();
            } finally {
                admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** The brokers a client bootstrapped through the proxy is told about (host:port, comma-separated). */
    private static String brokersSeenThrough(String proxy) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, proxy,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            return String.join(",", admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).stream()
                    .map(node -> node.host() + ":" + node.port()).sorted().toList());
        }
    }

    @Override
    public void verify(TestRun run) {
        run.check("every client connection through the proxy", advertised != null && advertised.equals(proxyAddress),
                "brokers in the metadata a client bootstrapped through the proxy gets: " + advertised + " (proxy "
                        + proxyAddress + ")");
        run.check("produce responses dropped", droppedIdempotent > 0 && droppedPlain > 0,
                droppedIdempotent + " with idempotence on, " + droppedPlain + " off, of " + produceRequests
                        + " produce requests (" + (int) (DROP_SHARE * 100) + "% asked)");
        run.check("idempotence on: 0 duplicates", idempotent != null && idempotent.exactlyOnce(),
                idempotent == null ? "not run" : describe(idempotent));
        run.check("idempotence off: duplicates (the check sees them)", plain != null && plain.duplicates() > 0
                && plain.missing() == 0 && plain.distinctKeys() == plain.sent(),
                plain == null ? "not run" : describe(plain));
    }

    private static String describe(DroppedResponsesCheck.Result r) {
        return r.sent() + " sent, " + r.inTopic() + " in the topic, " + r.distinctKeys() + " distinct keys, "
                + r.duplicates() + " duplicates, " + r.missing() + " missing, " + r.took().toMillis() / 1000.0 + " s";
    }
}
