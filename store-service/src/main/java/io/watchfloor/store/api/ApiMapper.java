package io.watchfloor.store.api;

import io.watchfloor.store.domain.GroupStats;
import io.watchfloor.store.domain.ReportPage;
import io.watchfloor.store.domain.ReportSummary;
import java.time.Instant;
import java.util.List;

/** Maps query results from the domain to the JSON response records. */
final class ApiMapper {
    private ApiMapper() {
    }

    static ReportListResponse toResponse(ReportPage page) {
        List<ReportListResponse.Item> items = page.items().stream().map(ApiMapper::item).toList();
        return new ReportListResponse(items, page.next() == null ? null : page.next().encode());
    }

    static GroupListResponse toResponse(List<GroupStats> groups) {
        return new GroupListResponse(groups.stream()
                .map(g -> new GroupListResponse.Item(g.groupId(), g.name(), g.reportCount(), iso(g.lastSeen())))
                .toList());
    }

    private static ReportListResponse.Item item(ReportSummary s) {
        return new ReportListResponse.Item(s.id(), s.revision(), s.title(), s.snippet(), s.canonicalUrl(),
                new ReportListResponse.SourceRef(s.sourceKind(), s.sourceName()), s.language(),
                iso(s.publishedAt()), iso(s.ingestedAt()), iso(s.sortTime()),
                s.groups().stream()
                        .map(g -> new ReportListResponse.GroupRef(g.groupId(), g.name(), g.score(), g.role()))
                        .toList());
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
