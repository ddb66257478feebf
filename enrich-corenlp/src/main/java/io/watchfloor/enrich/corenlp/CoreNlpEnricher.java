package io.watchfloor.enrich.corenlp;

import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.Enricher;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.enrich.domain.entities.EntityRecognizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The default enricher with CoreNLP as its entity recogniser, alone ({@link Mode#CORENLP}) or merged with the rule
 * recogniser ({@link Mode#RULES_AND_CORENLP}, rules win where spans overlap). The catalog's group mentions win over
 * both inside {@link DefaultEnricher}.
 */
public final class CoreNlpEnricher implements Enricher {

    /** Which recognisers feed the entity tags. */
    public enum Mode {
        CORENLP("corenlp"), RULES_AND_CORENLP("rules+corenlp");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Parses {@code corenlp} or {@code rules+corenlp}. */
        public static Mode parse(String s) {
            for (Mode m : values()) {
                if (m.label.equalsIgnoreCase(s.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown CoreNLP merge mode '" + s
                    + "': use 'corenlp' or 'rules+corenlp'");
        }
    }

    private final DefaultEnricher delegate;

    public CoreNlpEnricher(GroupCatalog catalog, CoreNlpRecognizer recognizer, Mode mode) {
        this.delegate = new DefaultEnricher(catalog, recognizerFor(recognizer, mode), DefaultEnricher.DEFAULT_TEXT_CAP);
    }

    /** The committed catalog with a default CoreNLP recogniser. */
    public static CoreNlpEnricher fromClasspath(Mode mode) {
        return new CoreNlpEnricher(GroupCatalog.fromClasspath(), new CoreNlpRecognizer(), mode);
    }

    /** The entity function for {@code mode}. */
    public static Function<ReportText, List<EntityFinding>> recognizerFor(CoreNlpRecognizer recognizer, Mode mode) {
        Objects.requireNonNull(recognizer, "recognizer");
        return switch (mode) {
            case CORENLP -> recognizer;
            case RULES_AND_CORENLP -> {
                EntityRecognizer rules = EntityRecognizer.fromClasspath();
                yield r -> merge(rules.recognize(r), recognizer.recognize(r));
            }
        };
    }

    /** The union of both tag lists; a secondary mention overlapping any primary mention in its field is dropped. */
    public static List<EntityFinding> merge(List<EntityFinding> primary, List<EntityFinding> secondary) {
        List<Evidence> taken = new ArrayList<>();
        for (EntityFinding t : primary) {
            taken.addAll(t.mentions());
        }
        List<EntityFinding> out = new ArrayList<>(primary);
        for (EntityFinding t : secondary) {
            List<Evidence> kept = new ArrayList<>();
            for (Evidence s : t.mentions()) {
                if (taken.stream().noneMatch(p -> Objects.equals(p.field(), s.field()) && p.start() < s.end()
                        && s.start() < p.end())) {
                    kept.add(s);
                }
            }
            if (!kept.isEmpty()) {
                out.add(kept.size() == t.mentions().size() ? t : new EntityFinding(t.type(), t.id(), t.name(), t.score(),
                        t.producer(), List.copyOf(kept), t.attributes()));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public Enrichment enrich(ReportText report) {
        return delegate.enrich(report);
    }
}
