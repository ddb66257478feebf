package io.watchfloor.store.ui;

import io.watchfloor.store.domain.DatabaseUnavailableException;
import io.watchfloor.store.domain.ReportQueries;
import io.watchfloor.store.domain.ReportQuery;
import io.watchfloor.store.domain.ops.DeadLetterSummary;
import io.watchfloor.store.domain.ops.FeedSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the operations pages: feeds with their health and last items, and the dead-letter summary. */
final class OpsPages {
    static final int LAST_ITEMS = 3;

    private OpsPages() {
    }

    static Views.Sources sources(Views.Page page, String location, List<FeedSource> feeds, ReportQueries queries,
                                 Instant now) throws DatabaseUnavailableException {
        List<Views.SourceLine> lines = new ArrayList<>();
        for (FeedSource f : feeds) {
            String name = f.name() == null ? f.id() : f.name();
            List<Views.Link> items = queries.find(new ReportQuery(null, null, null, name, null, null, null, null,
                    LAST_ITEMS, null)).items().stream().map(s -> new Views.Link(s.title() == null ? s.id()
                    : s.title(), "/ui/reports/" + SearchParams.encode(s.id()), 0)).toList();
            lines.add(new Views.SourceLine(name, f.url(), f.status(), f.healthy(now), f.stale(now),
                    Format.time(f.lastSuccessAt()), ago(f.sinceSuccess(now)), Format.time(f.newestItemPublished()),
                    Format.time(f.nextPollAt()), f.intervalSeconds(), f.totalPolls(), f.totalPublished(),
                    f.itemErrors(), f.parseErrors(), f.consecutiveFailures(), f.lastError(), items,
                    "/ui/?source=" + SearchParams.encode(name)));
        }
        return new Views.Sources(page, location, Format.time(now), lines);
    }

    static Views.DeadLetterPage deadLetters(Views.Page page, DeadLetterSummary s) {
        return new Views.DeadLetterPage(page, s.topic(), s.total(), s.sampled(), links(s.byStage()),
                links(s.byService()), links(s.byError()), s.newest());
    }

    private static List<Views.Link> links(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> new Views.Link(e.getKey(), null, e.getValue())).toList();
    }

    /** "3 h 20 min ago"-style age; "never" without a time. */
    static String ago(Duration d) {
        if (d == null) {
            return "never";
        }
        long minutes = Math.max(0, d.toMinutes());
        if (minutes < 60) {
            return minutes + " min ago";
        }
        long hours = minutes / 60;
        return hours < 48 ? hours + " h " + minutes % 60 + " min ago" : hours / 24 + " days ago";
    }
}
