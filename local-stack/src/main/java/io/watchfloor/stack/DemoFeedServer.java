package io.watchfloor.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny loopback HTTP server inside the stack JVM that serves the bundled demo feeds
 * ({@code /demo/feeds/desk-rss.xml}, {@code /demo/feeds/monitor-atom.xml}) from the classpath, so ingest can
 * poll a real feed without leaving the machine, and receives the demo subscription's webhooks at
 * {@code /demo/hook}.
 */
final class DemoFeedServer implements Component {

    static final String NAME = "demo-feeds";
    static final String PATH = "/demo/feeds/";

    /** One bundled feed: file name, display name and content type. */
    record Feed(String file, String title, String contentType) {
    }

    static final List<Feed> FEEDS = List.of(
            new Feed("desk-rss.xml", "Demo desk (RSS)", "application/rss+xml; charset=utf-8"),
            new Feed("monitor-atom.xml", "Demo monitor (Atom)", "application/atom+xml; charset=utf-8"));

    private final StackOptions options;
    private final AtomicLong requests = new AtomicLong();
    private final DemoWebhookReceiver receiver;
    private volatile HttpServer server;

    DemoFeedServer(StackOptions options) {
        this.options = options;
        this.receiver = new DemoWebhookReceiver(DemoAlerts.secret(options));
    }

    /** The demo webhook receiver this server runs at {@link DemoWebhookReceiver#PATH}. */
    DemoWebhookReceiver receiver() {
        return receiver;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** URL ingest polls for {@code feed}. */
    String url(Feed feed) {
        return options.demoFeedUrl() + PATH + feed.file();
    }

    /** The allowlist entry ingest needs to fetch from this loopback server. */
    String allowlistEntry() {
        return "127.0.0.1:" + options.demoFeedPort();
    }

    /** Feed requests answered since start (any status). */
    long requests() {
        return requests.get();
    }

    @Override
    public synchronized void launch() {
        if (server != null) {
            return;
        }
        try {
            HttpServer created = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), options.demoFeedPort()), 16);
            created.createContext("/", this::handle);
            created.createContext(DemoWebhookReceiver.PATH, receiver::handle);
            created.start();
            server = created;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the demo feeds on 127.0.0.1:" + options.demoFeedPort()
                    + "; choose another port with WATCHFLOOR_DEMO_FEED_PORT", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Optional<Feed> feed = FEEDS.stream().filter(f -> path.equals(PATH + f.file())).findFirst();
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (feed.isEmpty()) {
                byte[] body = "not found\n".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            byte[] body = render(feed.get(), options.demoFeedUrl());
            exchange.getResponseHeaders().set("Content-Type", feed.get().contentType());
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The feed file with {@code {{base}}} replaced by this server's base URL. */
    static byte[] render(Feed feed, String baseUrl) throws IOException {
        return text(feed).replace("{{base}}", baseUrl).getBytes(StandardCharsets.UTF_8);
    }

    /** The bundled feed file as it is on disk. */
    static String text(Feed feed) throws IOException {
        try (InputStream in = DemoFeedServer.class.getResourceAsStream(PATH + feed.file())) {
            if (in == null) {
                throw new IOException("demo feed " + PATH + feed.file() + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void awaitReady() {
        // ready as soon as launch() returns: the socket is bound
    }

    @Override
    public synchronized void stop(boolean kill) {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public boolean isStarted() {
        return server != null;
    }

    @Override
    public Optional<ManagedProcess> process() {
        return Optional.empty();
    }
}
