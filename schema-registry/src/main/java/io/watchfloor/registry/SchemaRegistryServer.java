package io.watchfloor.registry;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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

    private SchemaRegistryServer(RegistryLog log, String host, int port, Map<String, String> users,
                                 Map<String, String> writeUsers) {
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
        RegistryAccess access = new RegistryAccess(users, writeUsers);
        if (access.enabled()) {
            context.getFilters().add(access);
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
        return start(bootstrapServers, host, port, users, Map.of());
    }

    /**
     * As {@link #start(String, String, int, Map)}; when {@code writeUsers} is not empty, writes (register,
     * config PUT/DELETE, deletes) need basic auth from one of them, while reads need it only when {@code users}
     * is not empty.
     */
    public static SchemaRegistryServer start(String bootstrapServers, String host, int port,
                                             Map<String, String> users, Map<String, String> writeUsers) {
        RegistryLog log = new KafkaRegistryLog(bootstrapServers);
        try {
            return start(log, host, port, users, writeUsers);
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
        return start(log, host, port, users, Map.of());
    }

    /** Starts a registry on any log, with basic auth for every request and/or for writes only. */
    public static SchemaRegistryServer start(RegistryLog log, String host, int port, Map<String, String> users,
                                             Map<String, String> writeUsers) {
        SchemaRegistryServer server = new SchemaRegistryServer(log, host, port, Map.copyOf(users),
                Map.copyOf(writeUsers));
        LOG.info("Schema registry ready at {}{}{}", server.url(),
                users.isEmpty() ? "" : " (basic auth required)",
                writeUsers.isEmpty() ? "" : " (writes require a write user)");
        return server;
    }

    /**
     * Reads {@code user:password[,user:password...]} (the form of {@code REGISTRY_BASIC_AUTH_USERS}); empty or
     * null means no authentication.
     */
    public static Map<String, String> parseUsers(String spec) {
        return parseUsers(spec, "REGISTRY_BASIC_AUTH_USERS");
    }

    /** As {@link #parseUsers(String)}, naming {@code variable} in the error. */
    public static Map<String, String> parseUsers(String spec, String variable) {
        Map<String, String> users = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return users;
        }
        for (String entry : spec.split(",")) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException(variable + " must be user:password[,user:password]"
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
            server = start(bootstrap, host, port, parseUsers(System.getenv("REGISTRY_BASIC_AUTH_USERS")),
                    parseUsers(System.getenv("REGISTRY_WRITE_USERS"), "REGISTRY_WRITE_USERS"));
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

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
