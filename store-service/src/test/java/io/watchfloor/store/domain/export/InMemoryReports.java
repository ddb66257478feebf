package io.watchfloor.store.domain.export;

import io.watchfloor.store.domain.AddedReport;
import io.watchfloor.store.domain.DocumentFormat;
import io.watchfloor.store.domain.DocumentPage;
import io.watchfloor.store.domain.GroupActivity;
import io.watchfloor.store.domain.GroupStats;
import io.watchfloor.store.domain.ReportCursor;
import io.watchfloor.store.domain.ReportPage;
import io.watchfloor.store.domain.ReportQueries;
import io.watchfloor.store.domain.ReportQuery;
import io.watchfloor.store.domain.ReportReader;
import io.watchfloor.store.domain.ReportSummary;
import io.watchfloor.store.domain.SearchFacets;
import io.watchfloor.store.domain.StoredReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read port over reports held in memory, for domain tests: a "document" is the report id, read back by
 * {@link #format()}. Counts the pages it serves so tests can see paging happen.
 */
final class InMemoryReports implements ReportQueries {
    private final Map<String, StoredReport> reports = new LinkedHashMap<>();
    private final Map<String, Instant> added = new LinkedHashMap<>();
    int pagesServed;

    InMemoryReports add(StoredReport report, Instant addedAt) {
        reports.put(report.id(), report);
        added.put(report.id(), addedAt);
        return this;
    }

    ReportReader reader() {
        return new ReportReader(this, format());
    }

    DocumentFormat format() {
        return new DocumentFormat() {
            @Override
            public String document(StoredReport report) {
                return report.id();
            }

            @Override
            public String source(StoredReport.Source source) {
                return source.name();
            }

            @Override
            public StoredReport read(String document) {
                return reports.get(document);
            }
        };
    }

    private static Instant sortTime(StoredReport r) {
        return r.publishedAt() == null ? r.ingestedAt() : r.publishedAt();
    }

    @Override
    public Optional<String> findDocument(String id) {
        return Optional.ofNullable(reports.get(id)).map(StoredReport::id);
    }

    @Override
    public DocumentPage documents(ReportQuery q) {
        pagesServed++;
        Comparator<StoredReport> newestFirst = Comparator.comparing(InMemoryReports::sortTime)
                .thenComparing(StoredReport::id).reversed();
        List<StoredReport> matching = reports.values().stream()
                .filter(r -> q.group() == null || r.groups().stream().anyMatch(g -> g.id().equals(q.group())))
                .filter(r -> q.after() == null || newestFirst.compare(r, reports.get(q.after().id())) > 0)
                .sorted(newestFirst).toList();
        List<StoredReport> page = matching.subList(0, Math.min(q.limit(), matching.size()));
        ReportCursor next = matching.size() > q.limit()
                ? new ReportCursor(sortTime(page.get(page.size() - 1)), page.get(page.size() - 1).id()) : null;
        return new DocumentPage(page.stream().map(StoredReport::id).toList(), next);
    }

    @Override
    public List<AddedReport> added(Instant after, ReportCursor from, int limit) {
        Comparator<Map.Entry<String, Instant>> order = Map.Entry.<String, Instant>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey());
        List<AddedReport> out = new ArrayList<>();
        added.entrySet().stream().sorted(order)
                .filter(e -> from != null ? e.getValue().isAfter(from.sortTime())
                        || e.getValue().equals(from.sortTime()) && e.getKey().compareTo(from.id()) >= 0
                        : after == null || e.getValue().isAfter(after))
                .limit(limit)
                .forEach(e -> out.add(new AddedReport(e.getKey(), e.getValue(), e.getKey())));
        return out;
    }

    @Override
    public ReportPage find(ReportQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ReportPage search(ReportQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SearchFacets facets(ReportQuery query, int top) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<GroupStats> groups() {
        throw new UnsupportedOperationException();
    }

    @Override
    public GroupActivity groupActivity(String groupId, LocalDate since, int top) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ReportSummary> duplicatesOf(String id, int limit) {
        throw new UnsupportedOperationException();
    }
}
