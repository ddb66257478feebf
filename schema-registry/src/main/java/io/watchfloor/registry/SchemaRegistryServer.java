package io.watchfloor.registry;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small schema registry speaking the Confluent REST API, durable in the compacted {@code _schemas} topic.
 * Meant for the single-machine stack and tests; run one instance per topic (it is the only writer).
 */
public final class SchemaRegistryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final int THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor;
    private final RegistryLog log;
    private final String url;
    private final RegistryMetrics metrics;

    private SchemaRegistryServer(RegistryLog log, String host, int port, Map<String, String> users) {
        this.log = log;
        SchemaRegistry registry = new SchemaRegistry(log);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "schema-registry-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot listen on " + host + ":" + port
                    + " (in use? set REGISTRY_PORT to a free port)", e);
        }
        this.metrics = new RegistryMetrics(registry);
        HttpContext context = server.createContext("/", new RegistryHttpHandler(registry));
        context.getFilters().add(metrics.requestFilter());
        if (!users.isEmpty()) {
            context.setAuthenticator(new BasicUsers(users));
        }
        // open like a service's /prometheus: counts and JVM figures only, no schema or credential
        server.createContext(RegistryMetrics.PATH, metrics.scrapeHandler());
        server.setExecutor(executor);
        server.start();
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        this.url = "http://" + shownHost + ":" + server.getAddress().getPort();
    }

    /** Starts a registry on Kafka: creates the {@code _schemas} topic if needed and reads it to the end first. */
    public static SchemaRegistryServer start(String bootstrapServers, String host, int port) {
        return start(bootstrapServers, host, port, Map.of());
    }

    /**
     * As {@link #start(String, String, int)}, requiring HTTP basic auth from one of {@code users} (name to
     * password) on every request when the map is not empty.
     */
    public static SchemaRegistryServer start(String bootstrapServers, String host, int port,
                                             Map<String, String> users) {
        RegistryLog log = new KafkaRegistryLog(bootstrapServers);
        try {
            return start(log, host, port, users);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** Starts a registry on any log (an in-memory one in tests). Port 0 picks a free port. */
    public static SchemaRegistryServer start(RegistryLog log, String host, int port) {
        return start(log, host, port, Map.of());
    }

    /** Starts a registry on any log, with basic auth when {@code users} is not empty. */
    public static SchemaRegistryServer start(RegistryLog log, String host, int port, Map<String, String> users) {
        SchemaRegistryServer server = new SchemaRegistryServer(log, host, port, Map.copyOf(users));
        LOG.info("Schema registry ready at {}{}", server.url(), users.isEmpty() ? "" : " (basic auth required)");
        return server;
    }

    /**
     * Reads {@code user:password[,user:password...]} (the form of {@code REGISTRY_BASIC_AUTH_USERS}); empty or
     * null means no authentication.
     */
    public static Map<String, String> parseUsers(String spec) {
        Map<String, String> users = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return users;
        }
        for (String entry : spec.split(",")) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("REGISTRY_BASIC_AUTH_USERS must be user:password[,user:password]"
                        + ", got an entry without a name or password");
            }
            users.put(entry.substring(0, colon).trim(), entry.substring(colon + 1));
        }
        return users;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return url;
    }

    /** The Prometheus text this registry serves at {@code /prometheus}. */
    public String scrape() {
        return metrics.scrape();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
        metrics.close();
        LOG.info("Schema registry at {} stopped", url);
    }

    /** Runs the registry until the JVM is asked to stop; configured by environment variables. */
    public static void main(String[] args) throws InterruptedException {
        // bound how long one request or response may take (slow clients); read once when HttpServer loads
        System.setProperty("sun.net.httpserver.maxReqTime",
                System.getProperty("sun.net.httpserver.maxReqTime", "30"));
        System.setProperty("sun.net.httpserver.maxRspTime",
                System.getProperty("sun.net.httpserver.maxRspTime", "30"));
        String bootstrap = env("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        String host = env("REGISTRY_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("REGISTRY_PORT", "8081"));
        SchemaRegistryServer server;
        try {
            server = start(bootstrap, host, port, parseUsers(System.getenv("REGISTRY_BASIC_AUTH_USERS")));
        } catch (RuntimeException e) {
            LOG.error("Schema registry could not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "schema-registry-shutdown"));
        LOG.info("Schema registry listening on {} (Kafka {})", server.url(), bootstrap);
        stopped.await();
    }

    /** Basic auth against a fixed set of users, comparing in constant time. */
    private static final class BasicUsers extends BasicAuthenticator {
        private final Map<String, byte[]> passwords = new HashMap<>();

        BasicUsers(Map<String, String> users) {
            super("watchfloor-schema-registry");
            users.forEach((name, password) -> passwords.put(name, password.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public boolean checkCredentials(String username, String password) {
            byte[] expected = passwords.get(username);
            byte[] given = password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8);
            // compare even for an unknown user, so timing does not tell which names exist
            return MessageDigest.isEqual(expected == null ? new byte[given.length + 1] : expected, given)
                    && expected != null;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
