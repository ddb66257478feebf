package io.watchfloor.store.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.store.config.AnalystViewSettings;
import io.watchfloor.store.domain.ops.DependencyUnavailableException;
import io.watchfloor.store.domain.ops.FeedSource;
import io.watchfloor.store.domain.ops.FeedSources;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The feeds and their health from ingest-service's {@code GET /sources}, with a bounded wait. */
@Singleton
public class IngestSources implements FeedSources {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;
    private final URI uri;
    private final Duration timeout;

    public IngestSources(AnalystViewSettings settings) {
        this.timeout = settings.ingestTimeout();
        this.uri = URI.create(settings.ingestUrl().replaceAll("/+$", "") + "/sources");
        this.client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String location() {
        return uri.toString();
    }

    @Override
    public List<FeedSource> list() throws DependencyUnavailableException {
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DependencyUnavailableException("ingest-service did not answer at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("Interrupted while asking " + uri, e);
        }
        if (response.statusCode() != 200) {
            throw new DependencyUnavailableException("ingest-service answered " + response.statusCode() + " at "
                    + uri, null);
        }
        try {
            return parse(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new DependencyUnavailableException("ingest-service answered what is not a source list at " + uri,
                    e);
        }
    }

    /** ingest-service's SourceView list; health may be missing for a feed never polled. */
    static List<FeedSource> parse(JsonNode list) {
        List<FeedSource> out = new ArrayList<>();
        for (JsonNode s : list) {
            JsonNode h = s.path("health");
            out.add(new FeedSource(text(s, "id"), text(s, "name"), text(s, "url"), s.path("intervalSeconds").asInt(),
                    h.isObject() ? text(h, "status") : "never polled", time(h, "lastPollAt"),
                    time(h, "lastSuccessAt"), h.path("httpStatus").asInt(), h.path("itemsSeen").asInt(),
                    h.path("itemsNew").asInt(), h.path("duplicates").asInt(), h.path("itemErrors").asInt(),
                    h.path("parseErrors").asLong(), h.path("totalPolls").asLong(), h.path("totalPublished").asLong(),
                    h.path("consecutiveFailures").asInt(), text(h, "lastError"), time(h, "newestItemPublished"),
                    time(h, "nextPollAt")));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static Instant time(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            // Micronaut may write instants as epoch seconds with a fraction
            return Instant.ofEpochMilli(Math.round(Double.parseDouble(v) * 1000));
        }
    }
}
