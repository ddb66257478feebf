package io.watchfloor.alert.delivery;

import io.watchfloor.alert.domain.delivery.SendResult;
import io.watchfloor.edge.net.AddressPolicy;
import io.watchfloor.edge.net.AddressRefusedException;
import io.watchfloor.edge.net.PinnedTunnel;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Webhook POSTs on the JDK client: URL vetted by the shared SSRF guard on every attempt, no redirects, one timeout
 * over the exchange, only the body's first bytes kept. No DNS rebinding window, as for feeds: the client goes out
 * only through a {@link PinnedTunnel} that connects to the addresses this attempt's vetting checked, never to a
 * fresh DNS answer (https stays end-to-end TLS with the client's hostname verification).
 */
final class HttpWebhookSender implements WebhookSender, AutoCloseable {
    static final String USER_AGENT = "Watchfloor-Webhooks/1.0";
    private static final int SNIPPET_BYTES = 300;
    /** Client connections the tunnel keeps open at most (idle ones are closed first when it is full). */
    private static final int MAX_TUNNEL_CONNECTIONS = 64;

    private final AddressPolicy policy;
    private final Duration timeout;
    private final PinnedTunnel tunnel;
    private final HttpClient client;

    HttpWebhookSender(AddressPolicy policy, Duration connectTimeout, Duration timeout) {
        this(policy, connectTimeout, timeout, PinnedTunnel.Dialer.direct());
    }

    /** {@code dialer} opens the tunnel's upstream sockets (tests observe what is dialed). */
    HttpWebhookSender(AddressPolicy policy, Duration connectTimeout, Duration timeout, PinnedTunnel.Dialer dialer) {
        this.policy = policy;
        this.timeout = timeout;
        this.tunnel = new PinnedTunnel(policy, connectTimeout, timeout, MAX_TUNNEL_CONNECTIONS, dialer);
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(tunnel.proxySelector())
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public SendResult send(URI url, Map<String, String> headers, byte[] body) {
        long start = System.nanoTime();
        PinnedTunnel.Pin pin;
        try {
            pin = tunnel.pin(policy.vet(url));
        } catch (AddressRefusedException e) {
            // a name that does not resolve may resolve later; a refused scheme or address will not change
            return SendResult.failure(e.reason() == AddressRefusedException.Reason.UNRESOLVABLE_HOST ? e
                    : new TargetRefusedException(e.getMessage()), since(start));
        }
        try (pin) {
            return exchange(url, headers, body, start, pin);
        }
    }

    private SendResult exchange(URI url, Map<String, String> headers, byte[] body, long start, PinnedTunnel.Pin pin) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", USER_AGENT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
        } catch (IllegalArgumentException e) {
            return SendResult.failure(new TargetRefusedException("unusable webhook URL: " + e.getMessage()),
                    since(start));
        }
        ByteArrayOutputStream snippet = new ByteArrayOutputStream();
        CompletableFuture<HttpResponse<Void>> future = client.sendAsync(request.build(),
                info -> HttpResponse.BodySubscribers.ofByteArrayConsumer(chunk -> chunk.ifPresent(bytes -> {
                    synchronized (snippet) {
                        int room = SNIPPET_BYTES - snippet.size();
                        if (room > 0) {
                            snippet.write(bytes, 0, Math.min(room, bytes.length));
                        }
                    }
                })));
        try {
            HttpResponse<Void> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (pin.failure().isPresent()) {
                // for http the tunnel's own 502/504 arrives as a response: report the connect failure instead
                return SendResult.failure(pin.failure().get(), since(start));
            }
            String text;
            synchronized (snippet) {
                text = snippet.toString(StandardCharsets.UTF_8);
            }
            return SendResult.response(response.statusCode(), since(start),
                    response.headers().firstValue("Retry-After").orElse(null), text);
        } catch (TimeoutException e) {
            future.cancel(true);
            return SendResult.failure(new HttpTimeoutException("no complete response from " + url.getHost()
                    + " within " + timeout.toMillis() + " ms"), since(start));
        } catch (ExecutionException e) {
            Throwable cause = pin.failure().<Throwable>map(f -> f).orElse(e.getCause() == null ? e : e.getCause());
            return SendResult.failure(cause, since(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return SendResult.failure(e, since(start));
        }
    }

    /** Stops the tunnel; sends after this fail. */
    @Override
    public void close() {
        tunnel.close();
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
