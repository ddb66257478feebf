package io.watchfloor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.json.JsonMapper;
import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.topology.EnrichmentToAvro;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.store.api.ReportDocumentFormat;
import io.watchfloor.store.domain.ReportRow;
import io.watchfloor.store.domain.StoredReport;
import io.watchfloor.store.kafka.EnrichedAvroToStoredReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The records every benchmark uses: titles and texts of the Wikipedia Current Events dev set (or, where that
 * file is absent, the local stack's bundled demo set), as raw reports and, through the real enricher and the
 * store's own mappers, as the rows the store writes (full JSON document, group and entity rows).
 */
public final class BenchCorpus {
    static final Path DEV_SET = Path.of("../shared/data/dev-eval/wikipedia-current-events-2025-09-14_2026-02-28.jsonl");
    private static final String DEMO_SET = "/demo/wikipedia-current-events-demo.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant INGESTED = Instant.parse("2026-12-01T00:00:00Z");

    /** One title and text. */
    public record Item(String title, String text) {
    }

    private BenchCorpus() {
    }

    /** The dev set when {@code file} exists (or is the default and exists), else the bundled demo set. */
    public static List<Item> load(Path file) throws IOException {
        List<Item> items = new ArrayList<>();
        if (file != null && Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                add(items, line);
            }
        } else {
            try (InputStream in = BenchCorpus.class.getResourceAsStream(DEMO_SET)) {
                if (in == null) {
                    throw new IOException("neither " + file + " nor the bundled demo set " + DEMO_SET + " found");
                }
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(l -> add(items, l));
            }
        }
        if (items.isEmpty()) {
            throw new IOException("no texts in " + file);
        }
        return items;
    }

    private static void add(List<Item> items, String line) {
        if (line.isBlank()) {
            return;
        }
        try {
            JsonNode n = JSON.readTree(line);
            String text = n.path("text").asText("");
            if (!text.isBlank()) {
                String title = n.path("title").asText("");
                items.add(new Item(title.isBlank() ? text.substring(0, Math.min(60, text.length())) : title, text));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON line: " + line, e);
        }
    }

    /** A raw report as ingest publishes it. */
    public static RawReport raw(String id, Item item) {
        return RawReport.newBuilder()
                .setId(id)
                .setSource(Source.newBuilder().setKind("benchmark").setName("bench").build())
                .setTitle(item.title())
                .setText(item.text())
                .setContentType("text/plain")
                .setIngestedAt(INGESTED)
                .setContentHash(Integer.toHexString(item.text().hashCode()))
                .build();
    }

    /**
     * {@code n} store rows with ids {@code prefix + i}: each distinct text enriched once by the real enricher,
     * mapped by the store's own Avro mapper and document format, so the documents are as large as in production.
     */
    public static List<ReportRow> storeRows(int n, List<Item> items, String prefix) {
        DefaultEnricher enricher = DefaultEnricher.fromClasspath();
        int distinct = Math.min(n, items.size());
        List<Enrichment> enrichments = new ArrayList<>(distinct);
        for (int i = 0; i < distinct; i++) {
            enrichments.add(enricher.enrich(EnrichmentToAvro.reportText(raw("x", items.get(i)))));
        }
        ReportDocumentFormat format = new ReportDocumentFormat(JsonMapper.createDefault());
        List<ReportRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            RawReport raw = raw(prefix + i, items.get(i % distinct));
            EnrichedReport enriched = EnrichmentToAvro.toAvro(raw, enrichments.get(i % distinct),
                    INGESTED.plusSeconds(1));
            StoredReport report = EnrichedAvroToStoredReport.map(enriched);
            rows.add(ReportRow.of(report, format.document(report), format.source(report.source()), i % 6, i));
        }
        return rows;
    }
}
