package io.watchfloor.ingest.domain;

/** Where a report came from: kind (http, rss, atom, ...), a human name, the feed or endpoint URL, item id. */
public record ReportSource(String kind, String name, String url, String itemId) {

    /**
     * Whether {@code other} is the same source (kind, name and URL; the item id may differ): a report carried
     * again by the same source is not a new link.
     */
    public boolean sameSourceAs(ReportSource other) {
        return other != null && java.util.Objects.equals(kind, other.kind) && java.util.Objects.equals(name, other.name)
                && java.util.Objects.equals(url, other.url);
    }
}
