package io.watchfloor.ingest.kafka;

import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.domain.ReportSource;
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
                .setSource(source(report.source()))
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
                .setSources(report.sources().stream().map(ReportToRawAvro::source).toList())
                .build();
    }

    private static Source source(ReportSource s) {
        return Source.newBuilder().setKind(s.kind()).setName(s.name()).setUrl(s.url()).setItemId(s.itemId()).build();
    }
}
