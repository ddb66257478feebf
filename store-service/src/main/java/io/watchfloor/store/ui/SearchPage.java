package io.watchfloor.store.ui;

import io.watchfloor.store.domain.DatabaseUnavailableException;
import io.watchfloor.store.domain.FacetCount;
import io.watchfloor.store.domain.ReportPage;
import io.watchfloor.store.domain.ReportQueries;
import io.watchfloor.store.domain.ReportQuery;
import io.watchfloor.store.domain.ReportSummary;
import io.watchfloor.store.domain.SearchFacets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the search page: results with highlighted snippets, facets, active filters and paging links. */
final class SearchPage {
    static final int FACET_VALUES = 8;

    private SearchPage() {
    }

    static Views.Search build(Views.Page page, SearchParams params, ReportQueries queries)
            throws DatabaseUnavailableException {
        ReportQuery query = params.query();
        ReportPage results = queries.search(query);
        SearchFacets facets = queries.facets(query, FACET_VALUES);
        List<Views.Facet> facetViews = List.of(
                facet("Groups", "group", facets.groups(), params),
                facet("People", "entity", facets.people(), params),
                facet("Organisations", "entity", facets.organizations(), params),
                facet("Places", "place", facets.places(), params),
                facet("Sources", "source", facets.sources(), params),
                facet("Topics", "topic", facets.topics(), params));
        List<Views.Link> active = new ArrayList<>();
        for (String name : SearchParams.FILTERS) {
            if (params.get(name) != null) {
                active.add(new Views.Link(name + ": " + params.get(name), params.with(name, null), 0));
            }
        }
        String range = facets.first() == null ? "" : Format.day(facets.first()) + " to " + Format.day(facets.last());
        return new Views.Search(page, orEmpty(params.get("q")), orEmpty(params.get("from")),
                orEmpty(params.get("to")), active, facetViews, range, facets.counted(),
                results.items().stream().map(SearchPage::result).toList(),
                results.next() == null ? null : params.page(results.next().encode()),
                params.get("cursor") == null ? null : params.first(), params.export(), hidden(params));
    }

    /** The active filters, which the search form keeps as hidden inputs when the text changes. */
    private static List<Views.Row> hidden(SearchParams params) {
        List<Views.Row> rows = new ArrayList<>();
        for (String name : SearchParams.FILTERS) {
            if (params.get(name) != null) {
                rows.add(new Views.Row(name, params.get(name), null));
            }
        }
        return rows;
    }

    private static Views.Facet facet(String title, String param, List<FacetCount> counts, SearchParams params) {
        return new Views.Facet(title, counts.stream().map(c -> new Views.Link(c.label() == null ? c.key()
                : c.label(), params.with(param, c.key()), c.count())).toList());
    }

    static Views.Result result(ReportSummary s) {
        String title = s.title() == null || s.title().isBlank() ? "(untitled report " + s.id() + ")" : s.title();
        return new Views.Result(s.id(), "/ui/reports/" + SearchParams.encode(s.id()), title, snippet(s.snippet()),
                s.groups().stream().map(g -> new Views.Link(g.name(), "/ui/groups/" + SearchParams.encode(g.groupId()),
                        0)).toList(),
                Format.time(s.publishedAt()), Format.time(s.ingestedAt()),
                s.sourceName() == null ? s.sourceKind() : s.sourceName());
    }

    /** The snippet split at the database's highlight markers. */
    static List<Views.SnippetPart> snippet(String snippet) {
        List<Views.SnippetPart> parts = new ArrayList<>();
        if (snippet == null) {
            return parts;
        }
        StringBuilder run = new StringBuilder();
        boolean hit = false;
        for (int i = 0; i < snippet.length(); i++) {
            char c = snippet.charAt(i);
            if (c == ReportQueries.HIGHLIGHT_START || c == ReportQueries.HIGHLIGHT_END) {
                if (run.length() > 0) {
                    parts.add(new Views.SnippetPart(run.toString(), hit));
                    run.setLength(0);
                }
                hit = c == ReportQueries.HIGHLIGHT_START;
            } else {
                run.append(c);
            }
        }
        if (run.length() > 0) {
            parts.add(new Views.SnippetPart(run.toString(), hit));
        }
        return parts;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static Map<String, String> single(Map<String, List<String>> params) {
        Map<String, String> out = new java.util.HashMap<>();
        params.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, v.get(0));
            }
        });
        return out;
    }
}
