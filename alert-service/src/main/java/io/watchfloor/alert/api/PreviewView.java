package io.watchfloor.alert.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** What a filter would have fired on: each stored report with the clauses that matched and their evidence. */
@Serdeable
public record PreviewView(int days, int reportsScanned, int matched, List<Hit> hits) {

    /** One report the filter matches. */
    @Serdeable
    public record Hit(String reportId, @Nullable String title, @Nullable String publishedAt, List<Why> why) {
    }

    /** One clause that matched, with its evidence spans. */
    @Serdeable
    public record Why(String field, String value, String tagKind, @Nullable String tagId, @Nullable String tagName,
                      @Nullable Double score, @Nullable String role, List<Span> evidence) {
    }

    /** Evidence: a span of the report's title or text. */
    @Serdeable
    public record Span(String field, int start, int end, String text) {
    }
}
