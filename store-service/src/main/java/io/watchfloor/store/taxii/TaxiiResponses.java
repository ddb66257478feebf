package io.watchfloor.store.taxii;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.watchfloor.store.domain.export.Json;
import io.watchfloor.store.domain.export.StixMapper;
import io.watchfloor.store.domain.export.TaxiiFeed;
import io.watchfloor.store.domain.export.Uuid5;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The TAXII 2.1 resources (discovery, API root, collection, envelope, manifest, error) and request parsing. */
final class TaxiiResponses {
    static final String TAXII_JSON = "application/taxii+json;version=2.1";
    static final String STIX_JSON = "application/stix+json;version=2.1";
    static final String API_ROOT = "watchfloor";
    static final String COLLECTION_ID = Uuid5.of(StixMapper.NAMESPACE, "taxii-collection:enriched-reports")
            .toString();

    private TaxiiResponses() {
    }

    /**
     * Whether the client takes TAXII 2.1 JSON: {@code application/taxii+json} with version 2.1 or none. A missing
     * or {@code *}{@code /*} Accept is taken too, so curl and browsers can look.
     */
    static boolean acceptable(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String part : accept.split(",")) {
            String[] params = part.strip().toLowerCase(Locale.ROOT).split(";");
            String type = params[0].strip();
            if (type.equals("*/*") || type.equals("application/*")) {
                return true;
            }
            if (type.equals("application/taxii+json")) {
                boolean versionOk = true;
                for (int i = 1; i < params.length; i++) {
                    String p = params[i].strip().replace(" ", "");
                    if (p.startsWith("version=")) {
                        versionOk = p.equals("version=2.1");
                    }
                }
                if (versionOk) {
                    return true;
                }
            }
        }
        return false;
    }

    static Map<String, Object> discovery(String baseUrl) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("title", "Watchfloor TAXII server");
        d.put("description", "Read-only TAXII 2.1 feed of Watchfloor's enriched reports as STIX 2.1");
        d.put("default", baseUrl + "/taxii2/" + API_ROOT + "/");
        d.put("api_roots", List.of(baseUrl + "/taxii2/" + API_ROOT + "/"));
        return d;
    }

    static Map<String, Object> apiRoot() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("title", "Watchfloor");
        r.put("description", "Enriched threat reports: groups with evidence, places, people, events");
        r.put("versions", List.of(TAXII_JSON));
        r.put("max_content_length", 10_485_760);
        return r;
    }

    static Map<String, Object> collection() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", COLLECTION_ID);
        c.put("title", "Enriched reports");
        c.put("description", "Every stored report with its groups, places, people and events, newest write last");
        c.put("can_read", true);
        c.put("can_write", false);
        c.put("media_types", List.of(STIX_JSON));
        return c;
    }

    static Map<String, Object> envelope(TaxiiFeed.Page page) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("more", page.more());
        if (page.more() && page.next() != null) {
            e.put("next", page.next().encode());
        }
        if (!page.entries().isEmpty()) {
            e.put("objects", page.entries().stream().map(TaxiiFeed.Entry::object).toList());
        }
        return e;
    }

    static Map<String, Object> manifest(TaxiiFeed.Page page) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("more", page.more());
        if (page.more() && page.next() != null) {
            m.put("next", page.next().encode());
        }
        List<Map<String, Object>> records = new ArrayList<>();
        for (TaxiiFeed.Entry entry : page.entries()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", entry.id());
            r.put("date_added", Json.micros(entry.dateAdded()));
            r.put("version", entry.version());
            r.put("media_type", STIX_JSON);
            records.add(r);
        }
        if (!records.isEmpty()) {
            m.put("objects", records);
        }
        return m;
    }

    /** The feed request from the query string: added_after, limit, next, match[type], match[id]. */
    static TaxiiFeed.Request request(Map<String, List<String>> params) {
        Instant addedAfter = null;
        String after = first(params, "added_after");
        if (after != null) {
            try {
                addedAfter = OffsetDateTime.parse(after).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("added_after must be a timestamp such as "
                        + "2025-07-01T00:00:00.000Z, got '" + after + "'", e);
            }
        }
        int limit = TaxiiFeed.DEFAULT_LIMIT;
        String l = first(params, "limit");
        if (l != null) {
            try {
                limit = Math.min(TaxiiFeed.MAX_LIMIT, Integer.parseInt(l.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit must be a positive number, got '" + l + "'", e);
            }
        }
        String next = first(params, "next");
        return new TaxiiFeed.Request(addedAfter, next == null ? null : TaxiiFeed.Position.decode(next), limit,
                values(params, "match[type]"), values(params, "match[id]"));
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0);
    }

    /** Every value of a parameter, given repeated or comma-separated. */
    private static Set<String> values(Map<String, List<String>> params, String name) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : params.getOrDefault(name, List.of())) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    static HttpResponse<String> notAcceptable() {
        return error(HttpStatus.NOT_ACCEPTABLE, "Not acceptable",
                "This TAXII server answers Accept: " + TAXII_JSON);
    }

    static HttpResponse<String> unknownCollection(String id) {
        return error(HttpStatus.NOT_FOUND, "Unknown collection", "No collection '" + id + "'; list them at "
                + "/taxii2/" + API_ROOT + "/collections/");
    }

    static HttpResponse<String> error(HttpStatus status, String title, String description) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("title", title);
        e.put("description", description);
        e.put("http_status", Integer.toString(status.getCode()));
        return HttpResponse.<String>status(status).contentType(TAXII_JSON).body(Json.write(e));
    }
}
