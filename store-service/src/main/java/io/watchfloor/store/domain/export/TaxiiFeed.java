package io.watchfloor.store.domain.export;

import io.watchfloor.store.domain.AddedReport;
import io.watchfloor.store.domain.DatabaseUnavailableException;
import io.watchfloor.store.domain.ReportCursor;
import io.watchfloor.store.domain.ReportQueries;
import io.watchfloor.store.domain.ReportReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TAXII 2.1 collection of enriched reports: the STIX objects of every stored report in the order the store
 * wrote them, each dated by that write ({@code date_added}), paged by {@code added_after}, {@code limit} and an
 * opaque {@code next} token, filtered by {@code match[type]} and {@code match[id]}.
 */
public final class TaxiiFeed {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** Reports looked at per request at most, so a filter that matches little cannot scan the whole store. */
    static final int MAX_SCANNED = 2000;
    private static final int BATCH = 100;

    private final ReportQueries queries;
    private final ReportReader reader;
    private final StixMapper mapper;

    public TaxiiFeed(ReportQueries queries, ReportReader reader, StixMapper mapper) {
        this.queries = queries;
        this.reader = reader;
        this.mapper = mapper;
    }

    /** What a client asked for; empty sets match everything. */
    public record Request(Instant addedAfter, Position next, int limit, Set<String> types, Set<String> ids) {
        public Request {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
            }
            types = types == null ? Set.of() : Set.copyOf(types);
            ids = ids == null ? Set.of() : Set.copyOf(ids);
        }
    }

    /** One object with the time it was added to the collection. */
    public record Entry(Map<String, Object> object, Instant dateAdded) {
        public String id() {
            return (String) object.get("id");
        }

        /** The object's version: its {@code modified} time. */
        public String version() {
            return (String) object.get("modified");
        }
    }

    /** A page of objects, whether more follow, and the token that reads them. */
    public record Page(List<Entry> entries, boolean more, Position next) {
    }

    /**
     * Where the next page starts: at the report written at {@code addedAt} with id {@code reportId}, after the
     * first {@code skip} of its (filtered) objects.
     */
    public record Position(Instant addedAt, String reportId, int skip) {
        private static final String VERSION = "t1";

        public String encode() {
            String micros = Long.toString(Math.addExact(Math.multiplyExact(addedAt.getEpochSecond(), 1_000_000L),
                    addedAt.getNano() / 1_000L));
            String plain = VERSION + "|" + micros + "|" + skip + "|" + reportId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        /** Parses a token made by {@link #encode()}; IllegalArgumentException for anything else. */
        public static Position decode(String token) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                String[] parts = plain.split("\\|", 4);
                if (parts.length != 4 || !VERSION.equals(parts[0])) {
                    throw new IllegalArgumentException("not a next token of this server");
                }
                long micros = Long.parseLong(parts[1]);
                Instant t = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1_000L);
                return new Position(t, parts[3], Integer.parseInt(parts[2]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid next: pass the 'next' value of the previous response",
                        e);
            }
        }
    }

    public Page read(Request request) throws DatabaseUnavailableException {
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Position position = request.next();
        ReportCursor from = position == null ? null : new ReportCursor(position.addedAt(), position.reportId());
        int scanned = 0;
        while (true) {
            List<AddedReport> reports = queries.added(request.addedAfter(), from, BATCH);
            if (reports.isEmpty()) {
                return new Page(entries, false, null);
            }
            for (AddedReport report : reports) {
                int skip = position != null && report.id().equals(position.reportId())
                        && report.addedAt().equals(position.addedAt()) ? position.skip() : 0;
                position = null;
                List<Map<String, Object>> objects = matching(mapper.objects(reader.read(report.document())),
                        request);
                for (int i = skip; i < objects.size(); i++) {
                    Map<String, Object> object = objects.get(i);
                    if (entries.size() == request.limit()) {
                        return new Page(entries, true, new Position(report.addedAt(), report.id(), i));
                    }
                    if (seen.add((String) object.get("id"))) {
                        entries.add(new Entry(object, report.addedAt()));
                    }
                }
                if (++scanned >= MAX_SCANNED) {
                    return new Page(entries, true, new Position(report.addedAt(), report.id(), objects.size()));
                }
            }
            AddedReport last = reports.get(reports.size() - 1);
            if (reports.size() < BATCH) {
                return new Page(entries, false, null);
            }
            // the last report again, all of its objects skipped: positions are inclusive
            position = new Position(last.addedAt(), last.id(), Integer.MAX_VALUE);
            from = new ReportCursor(last.addedAt(), last.id());
        }
    }

    private static List<Map<String, Object>> matching(List<Map<String, Object>> objects, Request request) {
        if (request.types().isEmpty() && request.ids().isEmpty()) {
            return objects;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> o : objects) {
            if ((request.types().isEmpty() || request.types().contains((String) o.get("type")))
                    && (request.ids().isEmpty() || request.ids().contains((String) o.get("id")))) {
                out.add(o);
            }
        }
        return out;
    }
}
