package io.watchfloor.stack.fault;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A TCP proxy on loopback between Kafka clients and one broker that loses a share of the broker's answers to
 * Produce requests: the write happened on the broker, the client never hears of it. This is the fault of
 * RELIABILITY test 18 (5% of produce responses dropped), where a producer that retries without idempotence writes
 * the record twice.
 *
 * <p>How it works: Kafka's wire protocol is a stream of frames, each a 4-byte big-endian length and that many
 * bytes. A request starts with {@code api_key} (int16), {@code api_version} (int16), {@code correlation_id}
 * (int32); a response starts with the {@code correlation_id} it answers. Per connection the proxy remembers the api
 * key of every request it forwards by correlation id, and when the matching response comes back from a Produce
 * request (api key 0) it drops the whole response frame with the configured probability. Nothing else is parsed
 * or changed; other responses pass untouched.
 *
 * <p>What happens after a drop ({@link DropMode}): by default ({@link DropMode#CLOSE}) the proxy closes both sides
 * of that connection right after losing the response, as a connection reset after the broker wrote would. The
 * producer sees a disconnect with requests in flight, fails them with a retriable network error and sends them
 * again at once (after {@code retry.backoff.ms}), so the retry path is exercised in milliseconds. Every other
 * request in flight on that connection loses its response too, which is the same fault again. With
 * {@link DropMode#SILENT} the connection stays open and the client only notices at {@code request.timeout.ms}
 * (15 s for Watchfloor's interactive producers), then disconnects and retries: the same outcome, far slower.
 *
 * <p>Clients must reach the broker only through the proxy: Kafka clients connect to the addresses the broker
 * advertises in metadata, not to the bootstrap address, so the broker must advertise the proxy's address (its
 * {@code advertised.listeners} set to {@code 127.0.0.1:<proxy port>}) while listening on another port, the
 * proxy's upstream. The upstream is asked for on each new connection, so the proxy can be started (and its port
 * given to the broker's configuration) before the broker is. Plain-text listeners only (no TLS, no SASL).
 *
 * <p>Plain Java with a (daemon) thread per direction of each connection: a few connections per client; no dependency on the rest of the
 * local stack, so a fault-suite runner can start it on its own.
 */
public final class ResponseDroppingProxy implements AutoCloseable {

    /** Kafka's api key of Produce requests. */
    public static final short PRODUCE = 0;
    /** The largest frame a client or broker sends in this project's setups; a bigger length means garbage. */
    private static final int MAX_FRAME = 256 * 1024 * 1024;

    /** What the proxy does with the connection after dropping a response. */
    public enum DropMode {
        /** Close both sides at once: the client retries after its backoff. */
        CLOSE,
        /** Keep the connection: the client waits for {@code request.timeout.ms}, then disconnects and retries. */
        SILENT
    }

    private final ServerSocket server;
    private final Supplier<InetSocketAddress> upstream;
    private final double dropShare;
    private final DropMode mode;
    private final Random random;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong produceRequests = new AtomicLong();
    private final AtomicLong produceResponses = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;

    private ResponseDroppingProxy(ServerSocket server, Supplier<InetSocketAddress> upstream, double dropShare,
                                  DropMode mode, long seed) {
        this.server = server;
        this.upstream = upstream;
        this.dropShare = dropShare;
        this.mode = mode;
        this.random = new Random(seed);
        this.acceptor = daemon("drop-proxy-accept-" + server.getLocalPort(), this::acceptLoop);
    }

    /**
     * Starts a proxy on {@code 127.0.0.1:port} ({@code 0}: any free port) forwarding to {@code upstream}, losing
     * {@code dropShare} (0 to 1) of the Produce responses; {@code seed} makes the choice repeatable.
     */
    public static ResponseDroppingProxy start(int port, Supplier<InetSocketAddress> upstream, double dropShare,
                                              DropMode mode, long seed) throws IOException {
        if (dropShare < 0 || dropShare > 1) {
            throw new IllegalArgumentException("dropShare must be between 0 and 1, was " + dropShare);
        }
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new ResponseDroppingProxy(server, upstream, dropShare, mode, seed);
    }

    /** The port clients (and the broker's advertised listener) use. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers} and {@code advertised.listeners}. */
    public String address() {
        return server.getInetAddress().getHostAddress() + ":" + port();
    }

    /** Client connections accepted so far. */
    public long connections() {
        return connections.get();
    }

    /** Produce requests forwarded to the broker. */
    public long produceRequests() {
        return produceRequests.get();
    }

    /** Produce responses that came back from the broker, dropped or not. */
    public long produceResponses() {
        return produceResponses.get();
    }

    /** Produce responses chosen to be dropped (those lost with a closed connection are not counted). */
    public long droppedResponses() {
        return dropped.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            connections.incrementAndGet();
            daemon("drop-proxy-connect", () -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket broker = new Socket();
        try {
            broker.connect(upstream.get(), 10_000);
            client.setTcpNoDelay(true);
            broker.setTcpNoDelay(true);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            closeQuietly(broker);
            return;
        }
        sockets.add(client);
        sockets.add(broker);
        Connection connection = new Connection(client, broker);
        daemon("drop-proxy-requests", connection::requests);
        daemon("drop-proxy-responses", connection::responses);
    }

    /** One client connection and its broker connection; the api key of every request in flight by id. */
    private final class Connection {
        private final Socket client;
        private final Socket broker;
        private final Map<Integer, Short> inFlight = new ConcurrentHashMap<>();

        Connection(Socket client, Socket broker) {
            this.client = client;
            this.broker = broker;
        }

        /** Client to broker: remember each request's api key, forward the frame as it is. */
        void requests() {
            try (DataInputStream in = input(client); OutputStream out = output(broker)) {
                byte[] frame;
                while ((frame = readFrame(in)) != null) {
                    if (frame.length >= 8) {
                        short apiKey = (short) (((frame[0] & 0xff) << 8) | (frame[1] & 0xff));
                        int correlationId = readInt(frame, 4);
                        if (apiKey == PRODUCE) {
                            produceRequests.incrementAndGet();
                        }
                        inFlight.put(correlationId, apiKey);
                    }
                    writeFrame(out, frame);
                }
            } catch (IOException e) {
                // either side went away: the connection ends
            } finally {
                end();
            }
        }

        /** Broker to client: drop a share of the Produce responses, forward everything else. */
        void responses() {
            try (DataInputStream in = input(broker); OutputStream out = output(client)) {
                byte[] frame;
                while ((frame = readFrame(in)) != null) {
                    if (frame.length >= 4) {
                        Short apiKey = inFlight.remove(readInt(frame, 0));
                        if (apiKey != null && apiKey == PRODUCE) {
                            produceResponses.incrementAndGet();
                            if (drop()) {
                                dropped.incrementAndGet();
                                if (mode == DropMode.CLOSE) {
                                    return;
                                }
                                continue;
                            }
                        }
                    }
                    writeFrame(out, frame);
                }
            } catch (IOException e) {
                // either side went away: the connection ends
            } finally {
                end();
            }
        }

        private void end() {
            sockets.remove(client);
            sockets.remove(broker);
            closeQuietly(client);
            closeQuietly(broker);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private boolean drop() {
        synchronized (random) {
            return random.nextDouble() < dropShare;
        }
    }

    private static DataInputStream input(Socket socket) throws IOException {
        return new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
    }

    private static OutputStream output(Socket socket) throws IOException {
        return new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** The payload of the next frame, or null at a clean end of stream. */
    private static byte[] readFrame(DataInputStream in) throws IOException {
        int size;
        try {
            size = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (size < 0 || size > MAX_FRAME) {
            throw new IOException("not a Kafka frame: length " + size);
        }
        byte[] frame = new byte[size];
        in.readFully(frame);
        return frame;
    }

    private static void writeFrame(OutputStream out, byte[] frame) throws IOException {
        int size = frame.length;
        out.write(new byte[] {(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
        out.write(frame);
        out.flush();
    }

    private static int readInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
                | (bytes[at + 3] & 0xff);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops accepting and closes every open connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
