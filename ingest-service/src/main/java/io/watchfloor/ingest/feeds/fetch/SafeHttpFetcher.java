package io.watchfloor.ingest.feeds.fetch;

import io.watchfloor.edge.net.AddressPolicy;
import io.watchfloor.edge.net.AddressRefusedException;
import io.watchfloor.edge.net.PinnedTunnel;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs feeds and articles from untrusted URLs. Every hop (the first request and each redirect, followed by hand)
 * is vetted by {@link AddressPolicy}; one deadline bounds the whole fetch; raw and decompressed bytes are capped
 * while streaming. No DNS rebinding window: the client's only route out is a {@link PinnedTunnel}, which connects
 * to the addresses this hop's vetting checked (pinned for the duration of the request), never to a fresh DNS
 * answer; https stays end-to-end TLS with the client's hostname verification. See docs/feeds.md.
 */
public final class SafeHttpFetcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SafeHttpFetcher.class);
    private static final Set<String> HEADERS_WE_OWN = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "te", "trailer", "transfer-encoding", "accept-encoding", "if-none-match",
            "if-modified-since", "user-agent");
    private static final String DEFAULT_ACCEPT = "application/rss+xml, application/atom+xml, "
            + "application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, "
            + "text/html;q=0.7, */*;q=0.5";

    /** Client connections the tunnel keeps open at most (idle ones are closed first when it is full). */
    static final int MAX_TUNNEL_CONNECTIONS = 128;

    private final HttpClient client;
    private final PinnedTunnel tunnel;
    private final AddressPolicy policy;
    private final FetchLimits limits;
    private final AtomicLong requestsSent = new AtomicLong();

    public SafeHttpFetcher(AddressPolicy policy, FetchLimits limits) {
        this(policy, limits, PinnedTunnel.Dialer.direct());
    }

    /** {@code dialer} opens the tunnel's upstream sockets (tests observe what is dialed). */
    SafeHttpFetcher(AddressPolicy policy, FetchLimits limits, PinnedTunnel.Dialer dialer) {
        this.policy = Objects.requireNonNull(policy);
        this.limits = Objects.requireNonNull(limits);
        // idle bound = the total timeout: no exchange lives longer, and pooled connections are released by then
        this.tunnel = new PinnedTunnel(policy, limits.connectTimeout(), limits.totalTimeout(),
                MAX_TUNNEL_CONNECTIONS, dialer);
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(tunnel.proxySelector())
                .connectTimeout(limits.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public FetchLimits limits() {
        return limits;
    }

    public AddressPolicy policy() {
        return policy;
    }

    /** The loopback tunnel every request goes through (for tests and diagnostics). */
    public PinnedTunnel tunnel() {
        return tunnel;
    }

    /** Stops the tunnel; fetches after this fail. */
    @Override
    public void close() {
        tunnel.close();
    }

    /** Number of HTTP requests handed to the network so far (refused URLs never count). */
    public long requestsSent() {
        return requestsSent.get();
    }

    private AddressPolicy.Vetted vet(URI uri) throws FetchException {
        try {
            return policy.vet(uri);
        } catch (AddressRefusedException e) {
            throw new FetchException(FetchException.Reason.valueOf(e.reason().name()),
                    e.getMessage().substring(e.reason().name().length() + 2), e.getCause());
        }
    }

    private PinnedTunnel.Pin pin(AddressPolicy.Vetted vetted) throws FetchException {
        try {
            return tunnel.pin(vetted);
        } catch (AddressRefusedException e) {
            throw new FetchException(FetchException.Reason.valueOf(e.reason().name()),
                    e.getMessage().substring(e.reason().name().length() + 2), e.getCause());
        }
    }

    private FetchException connectFailure(IOException failure, URI uri) {
        if (failure instanceof SocketTimeoutException) {
            return new FetchException(FetchException.Reason.TIMEOUT, "connect to " + uri.getHost() + " timed out after "
                    + limits.connectTimeout(), failure);
        }
        return new FetchException(FetchException.Reason.IO, "fetching " + UrlRedaction.redact(uri) + " failed: "
                + failure.getMessage(), failure);
    }

    /** Fetches {@code request}; returns a 2xx or 304 result or throws {@link FetchException} saying why not. */
    public FetchResult fetch(FetchRequest request) throws FetchException {
        long deadline = System.nanoTime() + limits.totalTimeout().toNanos();
        URI origin = request.trustedOrigin();
        URI current = request.uri();
        int redirects = 0;
        while (true) {
            AddressPolicy.Vetted vetted = vet(current);
            boolean sameOrigin = sameOrigin(origin, current);
            HttpRequest httpRequest = buildRequest(request, current, sameOrigin, deadline);
            HttpResponse<byte[]> response;
            URI hop = current;
            try (PinnedTunnel.Pin pin = pin(vetted)) {
                try {
                    response = send(httpRequest, deadline);
                } catch (FetchException e) {
                    throw pin.failure().map(f -> connectFailure(f, hop)).orElse(e);
                }
                // for http the tunnel's own 502/504 reaches us as a response: the pin says it was the tunnel
                if (pin.failure().isPresent()) {
                    throw connectFailure(pin.failure().get(), hop);
                }
            }
            int status = response.statusCode();
            if (isRedirect(status)) {
                String location = response.headers().firstValue("Location").orElseThrow(() ->
                        new FetchException(FetchException.Reason.BAD_REDIRECT,
                                "HTTP " + status + " without a Location header from " + vetted.host(), status, null));
                redirects++;
                if (redirects > limits.maxRedirects()) {
                    throw new FetchException(FetchException.Reason.TOO_MANY_REDIRECTS, "more than "
                            + limits.maxRedirects() + " redirects starting at " + UrlRedaction.redact(request.uri()), status, null);
                }
                current = resolveLocation(current, location, status);
                LOG.debug("redirect {} -> {}", vetted.uri(), current);
                continue;
            }
            String etag = response.headers().firstValue("ETag").orElse(request.etag());
            String lastModified = response.headers().firstValue("Last-Modified").orElse(request.lastModified());
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            if (status == 304) {
                return new FetchResult(304, current, new byte[0], contentType, etag, lastModified, redirects);
            }
            if (status < 200 || status > 299) {
                throw new FetchException(FetchException.Reason.HTTP_STATUS,
                        "HTTP " + status + " from " + UrlRedaction.redact(current), status, null);
            }
            byte[] body = ContentDecoding.decode(response.body(),
                    response.headers().firstValue("Content-Encoding").orElse(null), limits.maxDecompressedBytes());
            return new FetchResult(status, current, body, contentType, etag, lastModified, redirects);
        }
    }

    private HttpRequest buildRequest(FetchRequest request, URI uri, boolean sameOrigin, long deadline)
            throws FetchException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            throw new FetchException(FetchException.Reason.BAD_REDIRECT, "unusable URL " + UrlRedaction.redact(uri), e);
        }
        builder.GET()
                .timeout(remaining(deadline))
                .header("User-Agent", limits.userAgent())
                .header("Accept-Encoding", "gzip, deflate");
        boolean acceptSet = false;
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            // another origin (a redirect, a next-page link) gets no custom header but Accept: they may carry
            // credentials (Authorization, X-Api-Key, cookies, tokens) meant for the source
            if (HEADERS_WE_OWN.contains(name) || (!sameOrigin && !name.equals("accept"))) {
                continue;
            }
            acceptSet |= name.equals("accept");
            builder.header(header.getKey(), header.getValue());
        }
        if (!acceptSet) {
            builder.header("Accept", DEFAULT_ACCEPT);
        }
        if (sameOrigin && request.basicUser() != null) {
            String token = request.basicUser() + ":" + (request.basicPassword() == null ? "" : request.basicPassword());
            builder.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        if (sameOrigin && request.etag() != null) {
            builder.header("If-None-Match", request.etag());
        }
        if (sameOrigin && request.lastModified() != null) {
            builder.header("If-Modified-Since", request.lastModified());
        }
        return builder.build();
    }

    private HttpResponse<byte[]> send(HttpRequest httpRequest, long deadline) throws FetchException {
        AtomicReference<CappedBodySubscriber> subscriber = new AtomicReference<>();
        HttpResponse.BodyHandler<byte[]> handler = info -> {
            int status = info.statusCode();
            CappedBodySubscriber s = status >= 200 && status <= 299
                    ? new CappedBodySubscriber(limits.maxBodyBytes())
                    : CappedBodySubscriber.ignoring();
            subscriber.set(s);
            return s;
        };
        requestsSent.incrementAndGet();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(httpRequest, handler);
        try {
            return future.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            FetchException timeout = new FetchException(FetchException.Reason.TIMEOUT, "no complete response from "
                    + httpRequest.uri().getHost() + " within the total timeout of " + limits.totalTimeout(), e);
            CappedBodySubscriber s = subscriber.get();
            if (s != null) {
                s.abort(timeout);
            }
            future.cancel(true);
            throw timeout;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new FetchException(FetchException.Reason.IO, "interrupted while fetching " + UrlRedaction.redact(httpRequest.uri()), e);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), httpRequest.uri());
        }
    }

    private FetchException translate(Throwable cause, URI uri) {
        Throwable c = cause;
        while (c != null) {
            if (c instanceof FetchException fe) {
                return fe;
            }
            c = c.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new FetchException(FetchException.Reason.TIMEOUT, "connect to " + uri.getHost() + " timed out after "
                    + limits.connectTimeout(), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new FetchException(FetchException.Reason.TIMEOUT, "no response headers from " + uri.getHost()
                    + " within the total timeout of " + limits.totalTimeout(), cause);
        }
        String message = cause instanceof IOException && cause.getMessage() != null ? cause.getMessage()
                : String.valueOf(cause);
        return new FetchException(FetchException.Reason.IO, "fetching " + UrlRedaction.redact(uri) + " failed: " + message, cause);
    }

    private Duration remaining(long deadline) throws FetchException {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new FetchException(FetchException.Reason.TIMEOUT,
                    "total timeout of " + limits.totalTimeout() + " exhausted");
        }
        return Duration.ofNanos(nanos);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI resolveLocation(URI base, String location, int status) throws FetchException {
        try {
            return base.resolve(new URI(location.trim()));
        } catch (Exception e) {
            throw new FetchException(FetchException.Reason.BAD_REDIRECT,
                    "unusable redirect Location '" + abbreviate(location) + "'", status, e);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
                && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
