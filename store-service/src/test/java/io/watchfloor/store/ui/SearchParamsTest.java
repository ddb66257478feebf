package io.watchfloor.store.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchfloor.store.domain.ReportCursor;
import io.watchfloor.store.domain.ReportQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchParamsTest {

    @Test
    void shouldKeepTheSearchInTheUrlAndStartOverWhenAFilterChanges() {
        String cursor = new ReportCursor(Instant.parse("2025-07-01T00:00:00Z"), "r1").encode();
        SearchParams p = SearchParams.of(Map.of("q", "Abbey Gate", "group", "iskp", "cursor", cursor, "x", "y"));

        assertEquals("/ui/?q=Abbey+Gate&group=iskp&place=geo%3Acountry%3APK", p.with("place", "geo:country:PK"));
        assertEquals("/ui/?q=Abbey+Gate", p.with("group", null));
        assertEquals("/ui/?q=Abbey+Gate&group=iskp&cursor=" + cursor, p.page(cursor));
        ReportQuery q = p.query();
        assertEquals("iskp", q.group());
        assertEquals("r1", q.after().id());
    }

    @Test
    void shouldIncludeTheToDayInTheSearchAndTheExport() {
        SearchParams p = SearchParams.of(Map.of("from", "2025-06-11", "to", "2025-06-12"));

        assertEquals(Instant.parse("2025-06-11T00:00:00Z"), p.query().from());
        assertEquals(Instant.parse("2025-06-13T00:00:00Z"), p.query().to());
        assertEquals("/export/stix?from=2025-06-11&to=2025-06-13", p.export());
        assertNull(SearchParams.of(Map.of()).query().text());
    }

    @Test
    void shouldSplitSnippetsAtTheHighlightMarkers() {
        List<Views.SnippetPart> parts = SearchPage.snippet("arrested \u0002Sharifullah\u0003, a key");

        assertEquals(List.of(new Views.SnippetPart("arrested ", false), new Views.SnippetPart("Sharifullah", true),
                new Views.SnippetPart(", a key", false)), parts);
    }
}
