package io.watchfloor.ingest.kafka;

import io.watchfloor.ingest.domain.Report;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import java.util.HashMap;

/** Maps the domain {@link Report} to the Avro {@link RawReport} (schema version 1). */
public final class RawReportMapper {
    private RawReportMapper() {
    }

    public static RawReport toAvro(Report report) {
        return RawReport.newBuilder()
                .setId(report.id())
                .setRevision(1)
                .setSource(Source.newBuilder()
                        .setKind(report.source().kind())
                        .setName(report.source().name())
                        .setUrl(report.source().url())
                        .setItemId(report.source().itemId())
                        .build())
                .setCanonicalUrl(report.canonicalUrl())
                .setTitle(report.title())
                .setText(report.text())
                .setContentType(report.contentType())
                .setLanguage(report.language())
                .setPublishedAt(report.publishedAt())
                .setIngestedAt(report.ingestedAt())
                .setContentHash(report.contentHash())
                .setDuplicateOf(null)
                .setAttributes(new HashMap<>(report.attributes()))
                .build();
    }
}
