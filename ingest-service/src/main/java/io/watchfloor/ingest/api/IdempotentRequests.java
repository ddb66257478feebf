package io.watchfloor.ingest.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.watchfloor.ingest.config.IngestProperties;
import io.watchfloor.ingest.domain.IdempotencyStore;
import io.watchfloor.ingest.domain.InvalidSubmissionException;
import io.watchfloor.ingest.domain.PublishedKeys;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Applies the {@code Idempotency-Key} header to write endpoints: the first request with a key runs, later ones
 * (and concurrent ones, which wait) get its answer. Answers are kept per instance in memory; the key also travels
 * with every record published for the request (with the item's index for a batch, STIX or MISP request), so a
 * retry after a restart or on another instance finds it there: a single report is answered from the record, a
 * multi-item request runs again with its published items answered from their records, not published again.
 */
@Singleton
public class IdempotentRequests {
    public static final String HEADER = "Idempotency-Key";
    /**
     * On an answer given again for a key rather than by running the request (from this instance's memory, from a
     * concurrent request with the key, or from the report already on the raw topic): nothing was written for it.
     */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyStore<Answer> store;
    private final Duration wait;
    private final PublishedKeys published;

    public IdempotentRequests(IngestProperties properties, PublishedKeys published) {
        this.published = published;
        this.store = new IdempotencyStore<>(properties.idempotencyMaxKeys(), properties.idempotencyMaxBytes(),
                Answer::estimatedBytes, properties.idempotencyTtl(), Clock.systemUTC());
        // A concurrent duplicate waits at most as long as the first request may take.
        this.wait = properties.publishTimeout().plusSeconds(5);
    }

    /** Runs {@code work} once per key (or every time when the request has no key) and answers with its result. */
    public HttpResponse<?> handle(HttpRequest<?> request, byte[] body, Supplier<Answer> work) {
        return handle(request, body, work, new AtomicBoolean());
    }

    /** @param fromTopic set by {@code work} when it answered from a report already on the raw topic */
    private HttpResponse<?> handle(HttpRequest<?> request, byte[] body, Supplier<Answer> work,
                                   AtomicBoolean fromTopic) {
        Optional<String> key = request.getHeaders().get(HEADER, String.class);
        if (key.isEmpty()) {
            return work.get().toResponse();
        }
        String k = key.get().strip();
        if (k.isEmpty() || k.length() > MAX_KEY_LENGTH || !k.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidSubmissionException(HEADER, "The Idempotency-Key header must be 1-" + MAX_KEY_LENGTH
                    + " visible ASCII characters", "Use a fresh random value per logical request, e.g. a UUID");
        }
        byte[] fingerprint = fingerprint(request, body);
        AtomicBoolean ran = new AtomicBoolean();
        try {
            MutableHttpResponse<Object> response = store.execute(k, fingerprint, () -> {
                ran.set(true);
                return work.get();
            }, Answer::isFinal, wait).toResponse();
            if (!ran.get() || fromTopic.get()) {
                response.header(REPLAYED_HEADER, "true");
            }
            return response;
        } catch (IdempotencyStore.KeyReusedException e) {
            return Answer.of(HttpStatus.UNPROCESSABLE_ENTITY, new ApiError(e.getMessage(), HEADER,
                    "Send a new Idempotency-Key for a new request; reuse a key only to retry the identical request"))
                    .toResponse();
        } catch (IdempotencyStore.StillRunningException e) {
            return new Answer(HttpStatus.CONFLICT, new ApiError(e.getMessage(), HEADER,
                    "Retry after the Retry-After delay to get the original answer"), 1).toResponse();
        }
    }

    /**
     * As {@link #handle} for one report: {@code work} gets the attributes that record the key on the published
     * report; a key already on the raw topic (restored, or written by another instance) answers 202 with its
     * report id without publishing again.
     */
    public HttpResponse<?> handleReport(HttpRequest<?> request, byte[] body,
                                        Function<Map<String, String>, Answer> work) {
        Optional<String> key = request.getHeaders().get(HEADER, String.class);
        if (key.isEmpty()) {
            return work.apply(Map.of()).toResponse();
        }
        String k = key.get().strip();
        byte[] fingerprint = fingerprint(request, body);
        AtomicBoolean fromTopic = new AtomicBoolean();
        return handle(request, body, () -> published.find(PublishedKeys.sha256Hex(k))
                .map(p -> {
                    if (p.multiItem() || !p.requestSha256().equals(HexFormat.of().formatHex(fingerprint))) {
                        throw new IdempotencyStore.KeyReusedException("Idempotency-Key '" + k + "' was already "
                                + "used for a different request (another endpoint or body)");
                    }
                    fromTopic.set(true);
                    return Answer.of(HttpStatus.ACCEPTED, AcceptedResponse.of(p.reportId()));
                })
                .orElseGet(() -> work.apply(PublishedKeys.attributes(k, fingerprint))), fromTopic);
    }

    /** What a multi-item request runs with: the key attributes for its records, the items already published. */
    @FunctionalInterface
    public interface ItemsWork {
        Answer run(Map<String, String> keyAttributes, Map<Integer, String> published);
    }

    /**
     * As {@link #handle} for a batch, STIX or MISP request: {@code work} gets the attributes that record the key
     * on each published report and, when the key is already on the raw topic (restored, or written by another
     * instance) for this very request, the report ids of its items there, so it publishes only what is missing
     * and answers as the first request did; the same key with another request gets 422.
     */
    public HttpResponse<?> handleItems(HttpRequest<?> request, byte[] body, ItemsWork work) {
        Optional<String> key = request.getHeaders().get(HEADER, String.class);
        if (key.isEmpty()) {
            return work.run(Map.of(), Map.of()).toResponse();
        }
        String k = key.get().strip();
        byte[] fingerprint = fingerprint(request, body);
        return handle(request, body, () -> {
            Map<String, String> attributes = PublishedKeys.attributes(k, fingerprint);
            return published.find(PublishedKeys.sha256Hex(k))
                    .map(p -> {
                        if (!p.multiItem() || !p.requestSha256().equals(HexFormat.of().formatHex(fingerprint))) {
                            throw new IdempotencyStore.KeyReusedException("Idempotency-Key '" + k + "' was already "
                                    + "used for a different request (another endpoint or body)");
                        }
                        return work.run(attributes, p.items());
                    })
                    .orElseGet(() -> work.run(attributes, Map.of()));
        });
    }

    private static byte[] fingerprint(HttpRequest<?> request, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.getMethodName() + ' ' + request.getPath() + '\n'
                    + request.getContentType().map(Object::toString).orElse("") + '\n')
                    .getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                sha.update(body);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
