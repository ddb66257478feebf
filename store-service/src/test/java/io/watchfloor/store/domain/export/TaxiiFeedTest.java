package io.watchfloor.store.domain.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.store.TestReports;
import io.watchfloor.store.domain.DatabaseUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaxiiFeedTest {
    private static final Instant T0 = Instant.parse("2025-07-02T09:00:00.123456Z");
    private final InMemoryReports store = new InMemoryReports();
    private final StixMapper mapper = new StixMapper(GroupDirectory.empty());
    private final TaxiiFeed feed = new TaxiiFeed(store, store.reader(), mapper);

    TaxiiFeedTest() {
        for (int i = 0; i < 5; i++) {
            store.add(TestReports.sample("taxii-" + i), T0.plusSeconds(i));
        }
    }

    @Test
    void shouldPageThroughEveryObjectOnceWhateverTheLimit() throws DatabaseUnavailableException {
        Set<String> everything = new LinkedHashSet<>(read(1000));
        int reportObjects = mapper.objects(TestReports.sample("taxii-0")).size();

        for (int limit : new int[] {1, 3, reportObjects, reportObjects + 1, 7}) {
            List<String> paged = read(limit);
            assertEquals(List.copyOf(everything), List.copyOf(new LinkedHashSet<>(paged)), "limit " + limit);
            for (int i = 0; i < 5; i++) {
                assertTrue(paged.contains(StixMapper.reportId("taxii-" + i)), "limit " + limit + " report " + i);
            }
        }
    }

    @Test
    void shouldHonourTheLimitAndSayWhetherMoreFollow() throws DatabaseUnavailableException {
        TaxiiFeed.Page page = feed.read(new TaxiiFeed.Request(null, null, 4, Set.of(), Set.of()));

        assertEquals(4, page.entries().size());
        assertTrue(page.more());
        assertEquals("taxii-0", page.next().reportId());
        TaxiiFeed.Page all = feed.read(new TaxiiFeed.Request(null, null, 1000, Set.of(), Set.of()));
        assertFalse(all.more());
        assertNull(all.next());
    }

    @Test
    void shouldReturnOnlyObjectsAddedAfterTheTimestampDatedByTheirReport() throws DatabaseUnavailableException {
        TaxiiFeed.Page page = feed.read(new TaxiiFeed.Request(T0.plusSeconds(2), null, 1000, Set.of("report"),
                Set.of()));

        assertEquals(List.of(StixMapper.reportId("taxii-3"), StixMapper.reportId("taxii-4")),
                page.entries().stream().map(TaxiiFeed.Entry::id).toList());
        assertEquals(T0.plusSeconds(3), page.entries().get(0).dateAdded());
    }

    @Test
    void shouldFilterByTypeAndId() throws DatabaseUnavailableException {
        String iskp = StixMapper.groupId("iskp", "terrorist");
        TaxiiFeed.Page actors = feed.read(new TaxiiFeed.Request(null, null, 1000, Set.of("threat-actor"), Set.of()));
        TaxiiFeed.Page one = feed.read(new TaxiiFeed.Request(null, null, 1000, Set.of(), Set.of(iskp)));

        assertEquals(3, actors.entries().size(), "three groups, each once: shared objects are not repeated");
        assertTrue(actors.entries().stream().allMatch(e -> "threat-actor".equals(e.object().get("type"))));
        assertEquals(List.of(iskp), one.entries().stream().map(TaxiiFeed.Entry::id).toList());
        assertEquals(T0, one.entries().get(0).dateAdded());
    }

    @Test
    void shouldRoundTripItsNextTokenAndRefuseForeignOnes() {
        TaxiiFeed.Position p = new TaxiiFeed.Position(T0, "taxii-3", 7);

        assertEquals(p, TaxiiFeed.Position.decode(p.encode()));
        assertThrows(IllegalArgumentException.class, () -> TaxiiFeed.Position.decode("garbage!"));
        assertThrows(IllegalArgumentException.class,
                () -> new TaxiiFeed.Request(null, null, 0, Set.of(), Set.of()));
    }

    private List<String> read(int limit) throws DatabaseUnavailableException {
        List<String> ids = new ArrayList<>();
        TaxiiFeed.Position next = null;
        for (int guard = 0; guard < 1000; guard++) {
            TaxiiFeed.Page page = feed.read(new TaxiiFeed.Request(null, next, limit, Set.of(), Set.of()));
            assertTrue(page.entries().size() <= limit);
            page.entries().forEach(e -> ids.add(e.id()));
            if (!page.more()) {
                return ids;
            }
            next = page.next();
        }
        throw new AssertionError("paging did not end");
    }
}
