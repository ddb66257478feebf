package io.watchfloor.ingest.domain;

/** Where a report came from: kind (http, rss, atom, ...), a human name, the feed or endpoint URL, item id. */
public record ReportSource(String kind, String name, String url, String itemId) {
}
