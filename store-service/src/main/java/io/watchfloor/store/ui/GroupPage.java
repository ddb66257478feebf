package io.watchfloor.store.ui;

import io.watchfloor.store.domain.FacetCount;
import io.watchfloor.store.domain.GroupActivity;
import io.watchfloor.store.domain.ReportSummary;
import io.watchfloor.store.domain.export.GroupProfile;
import io.watchfloor.store.domain.view.Timeline;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the group page: catalog entry, reports per day as an SVG bar chart, what co-occurs with the group. */
final class GroupPage {
    static final int DAYS = 90;
    static final int TOP = 10;
    private static final int BAR = 8;
    private static final int HEIGHT = 120;

    private GroupPage() {
    }

    /** The first day the timeline can show, counted back from today (the query needs a bound before the data). */
    static LocalDate since(LocalDate today) {
        return today.minusYears(5);
    }

    static Views.Group build(Views.Page page, String id, Optional<GroupProfile> profile, GroupActivity activity,
                             List<ReportSummary> recent) {
        String name = profile.map(GroupProfile::name).orElse(activity.name() == null ? id : activity.name());
        Map<String, String> refs = profile.map(GroupProfile::externalRefs).orElse(Map.of());
        LocalDate last = activity.last() == null ? LocalDate.now(ZoneOffset.UTC)
                : activity.last().atOffset(ZoneOffset.UTC).toLocalDate();
        String encoded = SearchParams.encode(id);
        return new Views.Group(page, id, name, profile.map(GroupProfile::kind).orElse(null),
                profile.map(GroupProfile::affiliation).orElse(null),
                profile.map(GroupProfile::aliases).orElse(List.of()), ReportPage.refs(new java.util.TreeMap<>(refs)),
                activity.reports(), Format.time(activity.first()), Format.time(activity.last()),
                timeline(Timeline.daily(activity.days(), last, DAYS)),
                links(activity.groups(), k -> "/ui/groups/" + SearchParams.encode(k)),
                links(activity.people(), k -> "/ui/?group=" + encoded + "&entity=" + SearchParams.encode(k)),
                links(activity.places(), k -> "/ui/?group=" + encoded + "&place=" + SearchParams.encode(k)),
                recent.stream().map(SearchPage::result).toList(), "/ui/?group=" + encoded,
                "/export/stix?group=" + encoded);
    }

    static Views.Timeline timeline(List<GroupActivity.DayCount> days) {
        long max = days.stream().mapToLong(GroupActivity.DayCount::count).max().orElse(0);
        long total = days.stream().mapToLong(GroupActivity.DayCount::count).sum();
        List<Views.Bar> bars = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            GroupActivity.DayCount d = days.get(i);
            int h = max == 0 ? 0 : (int) Math.round((double) d.count() / max * (HEIGHT - 10));
            if (d.count() > 0 && h < 2) {
                h = 2;
            }
            bars.add(new Views.Bar(d.day().toString(), d.count(), i * BAR, HEIGHT - h, BAR - 2, h));
        }
        return new Views.Timeline(days.isEmpty() ? "" : days.get(0).day().toString(),
                days.isEmpty() ? "" : days.get(days.size() - 1).day().toString(), max, total, days.size() * BAR,
                HEIGHT, bars);
    }

    private static List<Views.Link> links(List<FacetCount> counts, java.util.function.Function<String, String> href) {
        return counts.stream().map(c -> new Views.Link(c.label() == null ? c.key() : c.label(), href.apply(c.key()),
                c.count())).toList();
    }
}
