package io.watchfloor.store.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** A page of {@code GET /reports}: pass {@code nextCursor} as {@code cursor} for the next page. */
@Serdeable
public record ReportListResponse(List<Item> items, @Nullable String nextCursor) {

    /** One report in the list. {@code time} is the publish time, or the ingest time when unknown. */
    @Serdeable
    public record Item(String id, int revision, @Nullable String title, String snippet,
                       @Nullable String canonicalUrl, SourceRef source, @Nullable String language,
                       @Nullable String publishedAt, String ingestedAt, String time, List<GroupRef> groups) {
    }

    /** Source kind and name. */
    @Serdeable
    public record SourceRef(String kind, String name) {
    }

    /** A group the report concerns. */
    @Serdeable
    public record GroupRef(String id, String name, double score, String role) {
    }
}
