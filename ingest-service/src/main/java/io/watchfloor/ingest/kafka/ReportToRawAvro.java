package io.watchfloor.ingest.kafka;

import io.watchfloor.ingest.domain.Report;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import java.util.HashMap;

/** Ingest domain -> Avro: the domain {@link Report} as the {@link RawReport} of the raw topic. */
public final class ReportToRawAvro {
    private ReportToRawAvro() {
    }

    public static RawReport map(Report report) {
        return RawReport.newBuilder()
                .setId(report.id())
                .setRevision(report.revision())
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
                .setDuplicateOf(report.duplicateOf())
                .setAttributes(new HashMap<>(report.attributes()))
                .build();
    }
}
