package io.watchfloor.store.domain;

import java.time.Instant;
import java.util.List;

/** One line of the report list: what a reader needs to pick a report, with its groups. */
public record ReportSummary(String id, int revision, String title, String snippet, String canonicalUrl,
                            String sourceKind, String sourceName, String language, Instant publishedAt,
                            Instant ingestedAt, Instant sortTime, List<ReportRow.GroupRow> groups) {
}
