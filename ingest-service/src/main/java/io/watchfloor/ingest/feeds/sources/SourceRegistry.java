package io.watchfloor.ingest.feeds.sources;

import io.watchfloor.ingest.feeds.fetch.UrlRedaction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchfloor.ingest.feeds.parse.FeedText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set of feed sources with their polling state. Sources from configuration are re-read at every start;
 * sources added through the API are persisted to a JSON file (written atomically) so a restart keeps them.
 */
public final class SourceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SourceRegistry.class);
    public static final String ORIGIN_CONFIG = "config";
    public static final String ORIGIN_API = "api";

    private final Path file;
    private final int minIntervalSeconds;
    private final int cursorCapacity;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, FeedSource> sources = new ConcurrentHashMap<>();
    private final Map<String, SourceState> states = new ConcurrentHashMap<>();

    public SourceRegistry(Path file, int minIntervalSeconds, int cursorCapacity, Clock clock) {
        this.file = file;
        this.minIntervalSeconds = minIntervalSeconds;
        this.cursorCapacity = cursorCapacity;
        this.clock = clock;
    }

    /** A source the API was asked to add could not be added; the message says what to change. */
    public static final class InvalidSourceException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidSourceException(String message) {
            super(message);
        }
    }

    public Path file() {
        return file;
    }

    /** Adds configured sources (not persisted), then the persisted API sources. */
    public synchronized void load(Collection<FeedSource> configured) {
        for (FeedSource source : configured) {
            put(source);
        }
        if (!Files.exists(file)) {
            return;
        }
        try {
            JsonNode root = json.readTree(file.toFile());
            for (JsonNode node : root.path("sources")) {
                FeedSource source = new FeedSource(node.path("id").asText(), node.path("name").asText(),
                        node.path("url").asText(), node.path("intervalSeconds").asInt(300), Map.of(), null, null,
                        ORIGIN_API, parseInstant(node.path("createdAt").asText(null)));
                if (!sources.containsKey(source.id())) {
                    put(source);
                }
            }
            LOG.info("loaded {} feed sources ({} from {})", sources.size(), root.path("sources").size(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the feed sources file " + file.toAbsolutePath()
                    + "; fix or delete it (it is rewritten when a source is added)", e);
        }
    }

    /** Validates and adds a source from the API; returns the existing one when the URL is already registered. */
    public synchronized FeedSource add(String name, String url, Integer intervalSeconds) {
        String cleanName = name == null ? "" : FeedText.clean(name).strip();
        if (cleanName.isEmpty() || cleanName.length() > 200) {
            throw new InvalidSourceException("\"name\" must be 1-200 characters");
        }
        if (url == null || url.isBlank()) {
            throw new InvalidSourceException("\"url\" is required: the absolute http(s) URL of the feed");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (Exception e) {
            throw new InvalidSourceException("\"url\" is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new InvalidSourceException("\"url\" must be an absolute http or https URL with a host");
        }
        refuseUserInfo(url);
        int interval = intervalSeconds == null ? Math.max(300, minIntervalSeconds) : intervalSeconds;
        if (interval < minIntervalSeconds || interval > 7 * 24 * 3600) {
            throw new InvalidSourceException("\"intervalSeconds\" must be between " + minIntervalSeconds
                    + " and 604800");
        }
        FeedSource existing = sources.get(FeedSource.idFor(url));
        if (existing != null) {
            return existing;
        }
        FeedSource source = FeedSource.create(cleanName, url.trim(), interval, Map.of(), null, null, ORIGIN_API,
                clock.instant());
        put(source);
        persist();
        return source;
    }

    /**
     * Refuses a URL with user info: never stored, shown or logged (the sources file and GET /sources would
     * reveal it). The API has no credentials field; configured sources have username/password.
     */
    public static void refuseUserInfo(String url) {
        if (UrlRedaction.hasUserInfo(url)) {
            throw new InvalidSourceException("\"url\" must not contain a user name or password ("
                    + UrlRedaction.redact(url.trim()) + "); remove them from the URL and configure the source in "
                    + "watchfloor.feeds.sources with username and password (from the environment) instead");
        }
    }

    /** Removes a source; false when unknown. A configured source comes back at the next start. */
    public synchronized boolean remove(String id) {
        FeedSource removed = sources.remove(id);
        states.remove(id);
        try {
            Files.deleteIfExists(cursorFile(id));
        } catch (IOException e) {
            LOG.warn("cannot delete the cursor file of removed source {}: {}", id, e.getMessage());
        }
        if (removed != null && ORIGIN_API.equals(removed.origin())) {
            persist();
        }
        return removed != null;
    }

    public Optional<FeedSource> get(String id) {
        return Optional.ofNullable(sources.get(id));
    }

    public Optional<SourceState> state(String id) {
        return Optional.ofNullable(states.get(id));
    }

    public List<FeedSource> list() {
        List<FeedSource> all = new ArrayList<>(sources.values());
        all.sort(Comparator.comparing(FeedSource::name).thenComparing(FeedSource::id));
        return all;
    }

    private void put(FeedSource source) {
        sources.put(source.id(), source);
        states.computeIfAbsent(source.id(), id -> new SourceState(id, loadCursor(id)));
    }

    private Path cursorFile(String id) {
        return file.toAbsolutePath().getParent().resolve("cursors").resolve(id + ".json");
    }

    private FeedCursor loadCursor(String id) {
        FeedCursor cursor = new FeedCursor(cursorCapacity);
        Path path = cursorFile(id);
        if (!Files.exists(path)) {
            return cursor;
        }
        try {
            JsonNode root = json.readTree(path.toFile());
            Map<String, String> entries = new LinkedHashMap<>();
            for (JsonNode pair : root.path("entries")) {
                entries.put(pair.path(0).asText(), pair.path(1).asText());
            }
            cursor.restore(entries, parseInstant(root.path("newestPublished").asText(null)));
        } catch (IOException | RuntimeException e) {
            // a lost cursor only means items are offered again; the duplicate index and deterministic ids absorb it
            LOG.warn("ignoring unreadable cursor file {}: {}", path, e.getMessage());
        }
        return cursor;
    }

    /** Writes the source's cursor if it changed since the last save, so a restart does not re-offer every item. */
    public void saveCursor(String id) {
        SourceState state = states.get(id);
        if (state == null || !state.cursor().takeDirty()) {
            return;
        }
        ObjectNode root = json.createObjectNode();
        Instant newest = state.cursor().newestPublished();
        root.put("newestPublished", newest == null ? null : newest.toString());
        ArrayNode entries = root.putArray("entries");
        state.cursor().snapshot().forEach((key, fingerprint) -> entries.addArray().add(key).add(fingerprint));
        try {
            writeAtomically(cursorFile(id), root);
        } catch (IOException e) {
            LOG.warn("cannot save the cursor of source {} to {}: {}", id, cursorFile(id), e.getMessage());
        }
    }

    private void writeAtomically(Path target, ObjectNode root) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".tmp", ".json");
        try {
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void persist() {
        ObjectNode root = json.createObjectNode();
        root.put("version", 1);
        ArrayNode array = root.putArray("sources");
        for (FeedSource source : list()) {
            if (!ORIGIN_API.equals(source.origin())) {
                continue;
            }
            ObjectNode node = array.addObject();
            node.put("id", source.id());
            node.put("name", source.name());
            node.put("url", source.url());
            node.put("intervalSeconds", source.intervalSeconds());
            node.put("createdAt", source.createdAt() == null ? null : source.createdAt().toString());
        }
        try {
            writeAtomically(file, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the feed sources file " + file.toAbsolutePath()
                    + "; check that its directory is writable or set WATCHFLOOR_SOURCES_FILE", e);
        }
    }

    private static Instant parseInstant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
