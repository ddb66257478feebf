package io.watchfloor.ingest.kafka;

import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.domain.ReportSource;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Avro -> ingest domain: a {@link RawReport} read back from the raw topic as the {@link Report} it was. */
public final class RawAvroToReport {
    private RawAvroToReport() {
    }

    public static Report map(RawReport raw) {
        Map<String, String> attributes = new HashMap<>();
        if (raw.getAttributes() != null) {
            raw.getAttributes().forEach((k, v) -> attributes.put(k.toString(), v == null ? null : v.toString()));
        }
        attributes.values().removeIf(v -> v == null);
        return new Report(raw.getId(), source(raw.getSource()),
                raw.getCanonicalUrl(), raw.getTitle(), raw.getText(), raw.getContentType(), raw.getLanguage(),
                raw.getPublishedAt(), raw.getIngestedAt(), raw.getContentHash(), attributes,
                Math.max(1, raw.getRevision()), raw.getDuplicateOf(),
                raw.getSources() == null ? List.of() : raw.getSources().stream().map(RawAvroToReport::source).toList());
    }

    private static ReportSource source(Source s) {
        return new ReportSource(s.getKind(), s.getName(), s.getUrl(), s.getItemId());
    }
}
