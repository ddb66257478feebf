package io.watchfloor.alert.topology;

import io.watchfloor.alert.domain.matching.AlertReport;
import io.watchfloor.alert.domain.matching.Evidence;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.schemas.avro.Span;
import java.util.List;

/** Avro -> alert domain: what the matcher reads of an enriched report. */
public final class EnrichedAvroToAlertReport {
    private EnrichedAvroToAlertReport() {
    }

    /**
     * The report as the matcher sees it. Its source is the first that carried it: an exact duplicate from another
     * source arrives again under the same id and revision with that source added to {@code sources} (a link), and
     * it must match exactly as the first copy did, so it raises no second alert (same fingerprint: UNCHANGED).
     */
    public static AlertReport map(EnrichedReport e) {
        RawReport r = e.getReport();
        Source first = r.getSources() == null || r.getSources().isEmpty() ? r.getSource() : r.getSources().get(0);
        return new AlertReport(s(r.getId()), r.getRevision(), s(r.getTitle()), s(r.getText()),
                s(first.getName()), s(first.getKind()), s(first.getUrl()),
                s(r.getCanonicalUrl()), s(r.getLanguage()), r.getPublishedAt(), r.getIngestedAt(),
                s(r.getDuplicateOf()),
                e.getGroups().stream().map(g -> new AlertReport.Group(s(g.getId()), s(g.getName()),
                        s(g.getAffiliation()), s(g.getRole()), g.getScore(), spans(g.getEvidence()))).toList(),
                e.getEntities().stream().map(t -> new AlertReport.Entity(s(t.getType()), s(t.getId()),
                        s(t.getName()), t.getScore(), spans(t.getMentions()))).toList(),
                e.getEvents().stream().map(v -> new AlertReport.Event(s(v.getName()), s(v.getType()),
                        s(v.getTemporal()), s(v.getDate()), v.getScore(), spans(v.getMentions()))).toList(),
                e.getTopics().stream().map(t -> new AlertReport.Topic(s(t.getName()), t.getScore(),
                        spans(t.getEvidence()))).toList(),
                s(e.getMetadata().getCatalogVersion()));
    }

    private static List<Evidence> spans(List<Span> spans) {
        return spans == null ? List.of() : spans.stream()
                .map(sp -> new Evidence(s(sp.getField()), sp.getStart(), sp.getEnd(), s(sp.getText()))).toList();
    }

    private static String s(CharSequence v) {
        return v == null ? null : v.toString();
    }
}
