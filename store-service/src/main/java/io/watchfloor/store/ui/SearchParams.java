package io.watchfloor.store.ui;

import io.watchfloor.store.domain.ReportCursor;
import io.watchfloor.store.domain.ReportQuery;
import io.watchfloor.store.domain.TimeParam;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The search as the URL holds it ({@code /ui/?q=...&group=...}), so a search can be shared and scripted: parsed
 * from the query string, turned into a {@link ReportQuery}, and written back into links with one value changed.
 */
record SearchParams(Map<String, String> values) {
    static final String[] FILTERS = {"group", "entity", "place", "source", "topic"};
    private static final String[] ALL = {"q", "group", "entity", "place", "source", "topic", "from", "to", "cursor"};
    static final int PAGE_SIZE = 20;

    static SearchParams of(Map<String, String> raw) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String name : ALL) {
            String value = raw.get(name);
            if (value != null && !value.isBlank()) {
                v.put(name, value.strip());
            }
        }
        return new SearchParams(v);
    }

    String get(String name) {
        return values.get(name);
    }

    ReportQuery query() {
        String cursor = get("cursor");
        return new ReportQuery(get("group"), get("entity"), get("place"), get("source"), get("topic"), get("q"),
                TimeParam.parse("from", get("from")), toExclusive(get("to")), PAGE_SIZE,
                cursor == null ? null : ReportCursor.decode(cursor));
    }

    /** A date given as "to" includes that day: the query's bound is the next midnight. */
    private static java.time.Instant toExclusive(String to) {
        java.time.Instant t = TimeParam.parse("to", to);
        return t != null && to.strip().length() == 10 ? t.plus(java.time.Duration.ofDays(1)) : t;
    }

    /** The search URL with {@code name} set to {@code value} (removed when null), from the first page. */
    String with(String name, String value) {
        Map<String, String> v = new LinkedHashMap<>(values);
        v.remove("cursor");
        if (value == null) {
            v.remove(name);
        } else {
            v.put(name, value);
        }
        return "/ui/" + queryString(v);
    }

    /** The same search from the page at {@code cursor}. */
    String page(String cursor) {
        Map<String, String> v = new LinkedHashMap<>(values);
        v.put("cursor", cursor);
        return "/ui/" + queryString(v);
    }

    /** The same search from the first page. */
    String first() {
        return with("cursor", null);
    }

    /** The bulk STIX export of the same filters. */
    String export() {
        Map<String, String> v = new LinkedHashMap<>(values);
        v.remove("cursor");
        if (v.containsKey("to") && v.get("to").length() == 10) {
            v.put("to", java.time.LocalDate.parse(v.get("to")).plusDays(1).toString());
        }
        return "/export/stix" + queryString(v);
    }

    static String queryString(Map<String, String> v) {
        StringBuilder s = new StringBuilder();
        v.forEach((k, value) -> s.append(s.length() == 0 ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return s.toString();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
