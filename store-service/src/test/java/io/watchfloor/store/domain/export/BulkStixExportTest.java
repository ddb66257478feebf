package io.watchfloor.store.domain.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.store.StixSchemas;
import io.watchfloor.store.TestReports;
import io.watchfloor.store.domain.ReportQuery;
import io.watchfloor.store.domain.StoredReport;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkStixExportTest {
    private final StixMapper mapper = new StixMapper(GroupDirectory.empty());

    @Test
    void shouldStreamOneValidBundleReadPageByPageWithSharedObjectsOnce() throws Exception {
        InMemoryReports store = new InMemoryReports();
        int n = BulkStixExport.PAGE * 2 + 5;
        for (int i = 0; i < n; i++) {
            StoredReport r = TestReports.sample(String.format("bulk-%03d", i));
            store.add(r, Instant.parse("2025-07-02T09:00:00Z").plusSeconds(i));
        }

        BulkStixExport export = BulkStixExport.open(store, store.reader(), mapper,
                new ReportQuery(null, null, null, null, null, 10, null));
        int pagesBeforeReading = store.pagesServed;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int chunks = 0;
        while (export.hasNext()) {
            out.write(export.next());
            chunks++;
        }

        assertEquals(1, pagesBeforeReading, "open reads the first page only");
        assertEquals(3, store.pagesServed);
        assertTrue(chunks > n);
        String json = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        JsonNode bundle = new ObjectMapper().readTree(json);
        List<String> ids = new ArrayList<>();
        bundle.get("objects").forEach(o -> ids.add(o.get("id").asText()));
        assertEquals(ids.size(), ids.stream().distinct().count(), "each object once");
        assertEquals(n, ids.stream().filter(id -> id.startsWith("report--")).count());
        assertTrue(ids.contains(StixMapper.groupId("iskp", "terrorist")));
        assertEquals(List.of(), StixSchemas.bundleErrors(json));
    }

    @Test
    void shouldFilterByGroupAndWriteAnEmptyBundleWithoutObjects() throws Exception {
        InMemoryReports store = new InMemoryReports();
        StoredReport sample = TestReports.sample("bulk-only-ttp");
        store.add(TestReports.withGroups(sample, List.of(TestReports.group("ttp", "TTP", "terrorist", "mentioned",
                "TTP", sample.text()))), Instant.now());
        store.add(TestReports.sample("bulk-all"), Instant.now());

        String ttp = drain(BulkStixExport.open(store, store.reader(), mapper,
                new ReportQuery("ttp", null, null, null, null, 10, null)));
        String none = drain(BulkStixExport.open(store, store.reader(), mapper,
                new ReportQuery("no-such-group", null, null, null, null, 10, null)));

        assertTrue(ttp.contains(StixMapper.reportId("bulk-only-ttp")));
        assertTrue(ttp.contains(StixMapper.reportId("bulk-all")));
        JsonNode empty = new ObjectMapper().readTree(none);
        assertEquals("bundle", empty.get("type").asText());
        assertFalse(empty.has("objects"));
        assertEquals(List.of(), StixSchemas.bundleErrors(none));
    }

    private static String drain(BulkStixExport export) {
        StringBuilder s = new StringBuilder();
        BulkStixExport.drain(export).forEach(b -> s.append(new String(b, java.nio.charset.StandardCharsets.UTF_8)));
        return s.toString();
    }
}
