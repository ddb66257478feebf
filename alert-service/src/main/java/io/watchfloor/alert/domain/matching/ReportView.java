package io.watchfloor.alert.domain.matching;

import io.watchfloor.enrich.domain.groups.PhraseIndex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One report prepared once for every candidate: entity keys and every keyword occurrence, by keyword key. */
final class ReportView {

    /** Keyword evidence kept per clause; a common word can occur hundreds of times in a long text. */
    static final int MAX_KEYWORD_EVIDENCE = 20;

    final AlertReport report;
    final List<EntityView> entities;
    final Map<String, List<Evidence>> keywordHits;
    final String language;
    final String sourceName;
    final String sourceKind;

    /** An entity tag the entities/places clauses consider, with the keys it is found under. */
    record EntityView(AlertReport.Entity tag, Set<String> keys, boolean location) {
    }

    ReportView(AlertReport report, PhraseIndex<String> keywords) {
        this.report = report;
        List<EntityView> es = new ArrayList<>();
        for (AlertReport.Entity e : report.entities()) {
            if (Terms.isPlainEntity(e)) {
                es.add(new EntityView(e, Terms.entityKeys(e), Terms.isLocation(e)));
            }
        }
        this.entities = es;
        Map<String, List<Evidence>> hits = new HashMap<>();
        if (keywords.size() > 0) {
            collect(hits, keywords, Evidence.TITLE, report.title());
            collect(hits, keywords, Evidence.TEXT, report.text());
        }
        this.keywordHits = hits;
        this.language = Terms.lower(report.language());
        this.sourceName = Terms.lower(report.sourceName());
        this.sourceKind = Terms.lower(report.sourceKind());
    }

    private static void collect(Map<String, List<Evidence>> hits, PhraseIndex<String> keywords, String field,
                                String text) {
        for (PhraseIndex.Hit<String> hit : keywords.find(text)) {
            List<Evidence> spans = hits.computeIfAbsent(hit.value(), k -> new ArrayList<>(2));
            if (spans.size() < MAX_KEYWORD_EVIDENCE) {
                spans.add(new Evidence(field, hit.start(), hit.end(), hit.text()));
            }
        }
    }
}
