package io.watchfloor.edge.net;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the DNS-rebinding window of {@link AddressPolicy}: a loopback proxy that a {@link java.net.http.HttpClient}
 * uses for every request and that connects only to addresses the policy vetted.
 *
 * <p>Before sending, the caller vets the URL and {@linkplain #pin pins} the result: the pin holds the exact
 * {@link InetAddress}es the policy checked (for an allowlisted host, its one resolution through the policy's
 * resolver). The HttpClient then asks this proxy for {@code host:port} ({@code CONNECT host:port} for https, an
 * absolute-form request for http) and the proxy opens its socket to a pinned address of that host and port, never
 * resolving the name itself; a host and port with no pin gets 403 and nothing is contacted. So the address the
 * SSRF guard checked is the address connected to, whatever DNS answers later.
 *
 * <p>https is a byte pipe after {@code CONNECT}: TLS runs end to end between the client and the origin, so
 * certificate and hostname verification are the client's as before. For http each request gets its own upstream
 * connection: the request is forwarded in origin form with {@code Connection: close} and the answer is marked
 * {@code Connection: close}, because the JDK client otherwise reuses one proxy connection for requests to other
 * hosts. Request bodies must have a Content-Length (chunked request bodies get 501).
 *
 * <p>Bounds: listens on 127.0.0.1 on an ephemeral port; at most {@code maxConnections} client connections (when
 * full, the one idle longest is closed if it has been idle a second, else the new one gets 503), two threads each;
 * a connection with no bytes either way for {@code idleTimeout} is closed; request and response header blocks are
 * capped at 64 KiB. {@link #close()} stops the listener and closes every connection.
 */
public final class PinnedTunnel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PinnedTunnel.class);
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    /** A full tunnel closes its idlest connection for a newcomer only if it has been idle this long (tests widen it). */
    private volatile long evictableIdleNanos = TimeUnit.SECONDS.toNanos(1);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-connection", "keep-alive",
            "proxy-authorization", "proxy-authenticate");

    /** Opens the upstream socket; replaceable so tests can observe and redirect the dial without real networks. */
    @FunctionalInterface
    public interface Dialer {
        Socket dial(InetSocketAddress address, int connectTimeoutMillis) throws IOException;

        /** A plain TCP connect to exactly {@code address} (no name lookup: the address is already resolved). */
        static Dialer direct() {
            return (address, timeout) -> {
                Socket socket = new Socket();
                try {
                    socket.connect(address, timeout);
                    return socket;
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
            };
        }
    }

    private final AddressPolicy policy;
    private final Dialer dialer;
    private final int connectTimeoutMillis;
    private final int idleTimeoutMillis;
    private final int maxConnections;
    private final ServerSocket listener;
    private final ThreadPoolExecutor workers;
    private final Thread acceptor;
    private final Map<String, PinEntry> pins = new ConcurrentHashMap<>();
    private final Set<Connection> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong upstreamConnects = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean closed;

    /** How long the idlest connection must have been idle before a newcomer to a full tunnel may close it. */
    void evictableIdle(Duration idle) {
        evictableIdleNanos = idle.toNanos();
    }

    public PinnedTunnel(AddressPolicy policy, Duration connectTimeout, Duration idleTimeout, int maxConnections) {
        this(policy, connectTimeout, idleTimeout, maxConnections, Dialer.direct());
    }

    public PinnedTunnel(AddressPolicy policy, Duration connectTimeout, Duration idleTimeout, int maxConnections,
                        Dialer dialer) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        this.policy = Objects.requireNonNull(policy);
        this.dialer = Objects.requireNonNull(dialer);
        this.connectTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        this.idleTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
        this.maxConnections = maxConnections;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the loopback tunnel for outbound fetches", e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, 2 * maxConnections + 8, 10, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "pinned-tunnel-" + listener.getLocalPort() + "-"
                            + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.acceptor = new Thread(this::acceptLoop, "pinned-tunnel-accept-" + listener.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** The loopback address the client must use as its proxy. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** A selector that sends every request, whatever its host (loopback included), through this tunnel. */
    public ProxySelector proxySelector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.HTTP, address()));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // nothing to fall back to: a request that cannot reach the tunnel fails
            }
        };
    }

    /** Upstream sockets opened so far (each to a pinned address). */
    public long upstreamConnects() {
        return upstreamConnects.get();
    }

    /** Requests refused because their host and port had no pin. */
    public long refused() {
        return refused.get();
    }

    /** Client connections open now. */
    public int openConnections() {
        return live.size();
    }

    /**
     * Pins what {@code vetted} allows: the tunnel may connect to {@code vetted.host():vetted.port()} at these
     * addresses until the pin is closed. For an allowlisted host the name is resolved here, once, through the
     * policy's resolver. Throws {@code UNRESOLVABLE_HOST} when an allowlisted name does not resolve.
     */
    public Pin pin(AddressPolicy.Vetted vetted) throws AddressRefusedException {
        List<InetAddress> addresses = policy.connectAddresses(vetted);
        String key = key(vetted.host(), vetted.port());
        PinEntry entry = pins.compute(key, (k, existing) -> {
            PinEntry e = existing == null ? new PinEntry() : existing;
            e.holders++;
            e.addresses = List.copyOf(addresses); // every pinned list was vetted for this host; the newest wins
            return e;
        });
        return new Pin(key, entry, entry.failures.get());
    }

    /** Permission to connect to one vetted host and port; close it when the exchange is over. */
    public final class Pin implements AutoCloseable {
        private final String key;
        private final PinEntry entry;
        private final int failuresAtStart;
        private final AtomicBoolean released = new AtomicBoolean();

        private Pin(String key, PinEntry entry, int failuresAtStart) {
            this.key = key;
            this.entry = entry;
            this.failuresAtStart = failuresAtStart;
        }

        /** The addresses the tunnel will connect to for this host and port. */
        public List<InetAddress> addresses() {
            return entry.addresses;
        }

        /**
         * Why the tunnel could not connect upstream while this pin was held ({@link SocketTimeoutException} for a
         * connect timeout), or empty. The client only sees a 502/504 from the proxy; this says what happened.
         */
        public Optional<IOException> failure() {
            return entry.failures.get() > failuresAtStart ? Optional.ofNullable(entry.lastFailure) : Optional.empty();
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                pins.computeIfPresent(key, (k, e) -> --e.holders <= 0 ? null : e);
            }
        }
    }

    private static final class PinEntry {
        int holders; // guarded by the map's compute
        volatile List<InetAddress> addresses = List.of();
        final AtomicInteger failures = new AtomicInteger();
        volatile IOException lastFailure;

        void failed(IOException e) {
            lastFailure = e;
            failures.incrementAndGet();
        }
    }

    static String key(String host, int port) {
        return AddressPolicy.normaliseHost(host) + "|" + port;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("tunnel listener failed: {}", e.toString());
                }
                return;
            }
            Connection connection = new Connection(client);
            if (!admit(connection)) {
                connection.answerAndClose(503, "Service Unavailable", "too many open tunnel connections");
                continue;
            }
            try {
                workers.execute(connection::serve);
            } catch (RejectedExecutionException e) {
                connection.close();
            }
        }
    }

    private synchronized boolean admit(Connection connection) {
        if (live.size() >= maxConnections) {
            long now = System.nanoTime();
            Optional<Connection> idlest = live.stream()
                    .filter(c -> now - c.lastActivity >= evictableIdleNanos)
                    .min(Comparator.comparingLong(c -> c.lastActivity));
            if (idlest.isEmpty()) {
                return false;
            }
            idlest.get().close();
        }
        live.add(connection);
        return true;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Connection c : new ArrayList<>(live)) {
            c.close();
        }
        workers.shutdownNow();
    }

    /** One client connection to the tunnel and, once vetted, its upstream socket. */
    private final class Connection {
        private final Socket client;
        private volatile Socket upstream;
        private volatile long lastActivity = System.nanoTime();
        private final AtomicBoolean closing = new AtomicBoolean();
        private final AtomicInteger directionsDone = new AtomicInteger();

        Connection(Socket client) {
            this.client = client;
        }

        void serve() {
            try {
                client.setSoTimeout(idleTimeoutMillis);
                client.setTcpNoDelay(true);
                InputStream in = new BufferedInputStream(client.getInputStream());
                HeaderBlock request = HeaderBlock.read(in);
                if (request == null) {
                    close();
                    return;
                }
                String[] line = request.startLine().split(" ");
                if (line.length != 3 || !line[2].startsWith("HTTP/1.")) {
                    answerAndClose(400, "Bad Request", "malformed request line");
                    return;
                }
                if (line[0].equals("CONNECT")) {
                    tunnel(line[1], in);
                } else {
                    forward(line[0], line[1], line[2], request, in);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("tunnel connection ended: {}", e.toString());
                close();
            }
        }

        private void tunnel(String authority, InputStream in) throws IOException {
            int colon = authority.lastIndexOf(':');
            int port;
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                answerAndClose(400, "Bad Request", "CONNECT needs host:port");
                return;
            }
            if (colon <= 0 || port < 1 || port > 65535) {
                answerAndClose(400, "Bad Request", "CONNECT needs host:port");
                return;
            }
            if (!connectUpstream(authority.substring(0, colon), port)) {
                return;
            }
            OutputStream out = client.getOutputStream();
            out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Socket up = upstream;
            startPump(new BufferedInputStream(up.getInputStream()), client);
            pump(in, up, false);
        }

        private void forward(String method, String target, String version, HeaderBlock request, InputStream in)
                throws IOException {
            URI uri;
            try {
                uri = new URI(target);
            } catch (Exception e) {
                answerAndClose(400, "Bad Request", "request target must be an absolute http URL");
                return;
            }
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                answerAndClose(400, "Bad Request", "request target must be an absolute http URL");
                return;
            }
            long contentLength = 0;
            for (String[] header : request.headers()) {
                String name = header[0].toLowerCase(Locale.ROOT);
                if (name.equals("transfer-encoding")) {
                    answerAndClose(501, "Not Implemented", "chunked request bodies are not supported");
                    return;
                }
                if (name.equals("content-length")) {
                    try {
                        contentLength = Long.parseLong(header[1].trim());
                    } catch (NumberFormatException e) {
                        contentLength = -1;
                    }
                    if (contentLength < 0) {
                        answerAndClose(400, "Bad Request", "bad Content-Length");
                        return;
                    }
                }
            }
            int port = uri.getPort() == -1 ? 80 : uri.getPort();
            if (!connectUpstream(uri.getHost(), port)) {
                return;
            }
            Socket up = upstream;
            up.setSoTimeout(idleTimeoutMillis);
            StringBuilder head = new StringBuilder();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            head.append(method).append(' ').append(path);
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(' ').append(version).append("\r\n");
            appendHeaders(head, request.headers());
            OutputStream upOut = up.getOutputStream();
            upOut.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            copy(in, upOut, contentLength);
            upOut.flush();

            InputStream upIn = new BufferedInputStream(up.getInputStream());
            OutputStream out = client.getOutputStream();
            HeaderBlock response;
            do {
                response = HeaderBlock.read(upIn);
                if (response == null) {
                    throw new IOException("upstream closed before answering");
                }
                StringBuilder answer = new StringBuilder(response.startLine()).append("\r\n");
                appendHeaders(answer, response.headers());
                out.write(answer.toString().getBytes(StandardCharsets.ISO_8859_1));
                touch();
            } while (response.startLine().matches("HTTP/1\\.\\d 1\\d\\d.*"));
            out.flush();
            // the body, however it is framed, runs until the origin closes (it was asked to)
            pump(upIn, client, true);
        }

        /** Hop-by-hop headers dropped, {@code Connection: close} added: one exchange per connection. */
        private void appendHeaders(StringBuilder head, List<String[]> headers) {
            for (String[] header : headers) {
                if (!HOP_BY_HOP.contains(header[0].toLowerCase(Locale.ROOT))) {
                    head.append(header[0]).append(':').append(header[1]).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
        }

        private void copy(InputStream in, OutputStream out, long length) throws IOException {
            byte[] buffer = new byte[16 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("client closed inside the request body");
                }
                out.write(buffer, 0, n);
                left -= n;
                touch();
            }
        }

        /** Opens the upstream socket to a pinned address; answers the client and returns false when it cannot. */
        private boolean connectUpstream(String host, int port) throws IOException {
            PinEntry entry = pins.get(key(host, port));
            List<InetAddress> addresses = entry == null ? List.of() : entry.addresses;
            if (addresses.isEmpty()) {
                refused.incrementAndGet();
                LOG.warn("tunnel refused {}:{}: no vetted address is pinned for it", host, port);
                answerAndClose(403, "Forbidden", "no vetted address is pinned for " + host + ":" + port);
                return false;
            }
            IOException last = null;
            for (InetAddress address : addresses) {
                try {
                    // the vetted InetAddress itself: connecting to it performs no name lookup
                    Socket socket = dialer.dial(new InetSocketAddress(address, port), connectTimeoutMillis);
                    upstreamConnects.incrementAndGet();
                    upstream = socket;
                    if (closing.get()) {
                        socket.close();
                        return false;
                    }
                    socket.setSoTimeout(idleTimeoutMillis);
                    socket.setTcpNoDelay(true);
                    touch();
                    return true;
                } catch (IOException e) {
                    last = e;
                }
            }
            IOException failure = connectFailure(last, "connect to " + host + " ("
                    + addresses.get(addresses.size() - 1).getHostAddress() + ") port " + port);
            entry.failed(failure);
            if (last instanceof SocketTimeoutException) {
                answerAndClose(504, "Gateway Timeout", failure.getMessage());
            } else {
                answerAndClose(502, "Bad Gateway", failure.getMessage());
            }
            return false;
        }

        private void startPump(InputStream from, Socket to) {
            try {
                workers.execute(() -> {
                    try {
                        pump(from, to, false);
                    } catch (IOException | RuntimeException e) {
                        close();
                    }
                });
            } catch (RejectedExecutionException e) {
                close();
            }
        }

        /**
         * Copies until end of stream; then closes the connection ({@code closeAtEnd}) or half-closes {@code to} and
         * closes once both directions ended. Closes everything on error or when nothing moved for the idle timeout.
         */
        private void pump(InputStream from, Socket to, boolean closeAtEnd) throws IOException {
            byte[] buffer = new byte[16 * 1024];
            OutputStream out = to.getOutputStream();
            while (true) {
                int n;
                try {
                    n = from.read(buffer);
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() - lastActivity >= TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis)) {
                        close();
                        return;
                    }
                    continue;
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
                touch();
            }
            if (closeAtEnd) {
                close();
                return;
            }
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
            if (directionsDone.incrementAndGet() >= 2) {
                close();
            }
        }

        private void touch() {
            lastActivity = System.nanoTime();
        }

        void answerAndClose(int status, String reason, String message) {
            try {
                client.setSoTimeout(1000);
                byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
                String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
                OutputStream out = client.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException ignored) {
                // the client is gone
            } finally {
                close();
            }
        }

        void close() {
            if (!closing.compareAndSet(false, true)) {
                return;
            }
            live.remove(this);
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** The dial's failure with the host in its message, of the same type when it is a usual one (callers log it). */
    static IOException connectFailure(IOException cause, String what) {
        IOException failure;
        if (cause instanceof SocketTimeoutException) {
            failure = new SocketTimeoutException(what + " timed out");
        } else if (cause instanceof NoRouteToHostException) {
            failure = new NoRouteToHostException(what + " failed: " + cause.getMessage());
        } else if (cause instanceof ConnectException) {
            failure = new ConnectException(what + " failed: " + cause.getMessage());
        } else {
            return new IOException(what + " failed: " + cause.getMessage(), cause);
        }
        failure.initCause(cause);
        return failure;
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** A start line and headers up to the blank line (capped); the stream is left at the first body byte. */
    private record HeaderBlock(String startLine, List<String[]> headers) {

        static HeaderBlock read(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            List<String> lines = new ArrayList<>();
            int total = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    if (lines.isEmpty() && line.size() == 0) {
                        return null;
                    }
                    throw new IOException("connection closed inside a header block");
                }
                if (++total > MAX_HEADER_BYTES) {
                    throw new IOException("header block over " + MAX_HEADER_BYTES + " bytes");
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    if (text.endsWith("\r")) {
                        text = text.substring(0, text.length() - 1);
                    }
                    line.reset();
                    if (text.isEmpty()) {
                        if (lines.isEmpty()) {
                            continue; // tolerate a stray CRLF before the start line
                        }
                        break;
                    }
                    lines.add(text);
                } else {
                    line.write(b);
                }
            }
            List<String[]> headers = new ArrayList<>();
            for (String header : lines.subList(1, lines.size())) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed header line");
                }
                headers.add(new String[] {header.substring(0, colon), header.substring(colon + 1)});
            }
            return new HeaderBlock(lines.get(0), headers);
        }
    }
}
