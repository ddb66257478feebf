package io.watchfloor.enrich.corenlp;

import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.pipeline.CoreDocument;
import edu.stanford.nlp.pipeline.CoreEntityMention;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.util.Pair;
import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Stanford CoreNLP named-entity recognition (GPL-3.0-or-later) behind the enricher's recogniser function: PERSON,
 * LOCATION (incl. CITY, COUNTRY, STATE_OR_PROVINCE) and ORGANIZATION, one tag per distinct name with every mention
 * as a span of the original title or text. Thread-safe; build it once (loading the CRF models takes seconds).
 */
public final class CoreNlpRecognizer implements Function<ReportText, List<EntityFinding>> {

    public static final String VERSION = "4.5.10";
    public static final Provenance PRODUCER = new Provenance("stanford-corenlp", VERSION);
    /** The 3-class CoNLL+ CRF (PERSON, LOCATION, ORGANIZATION): the fastest English NER model in the models jar. */
    public static final String MODEL_3CLASS = "edu/stanford/nlp/models/ner/english.all.3class.distsim.crf.ser.gz";

    /** CoreNLP's default English ensemble: 3-class, CoNLL 4-class (adds MISC) and MUC 7-class CRFs. */
    public static final String MODEL_ENSEMBLE = MODEL_3CLASS
            + ",edu/stanford/nlp/models/ner/english.conll.4class.distsim.crf.ser.gz"
            + ",edu/stanford/nlp/models/ner/english.muc.7class.distsim.crf.ser.gz";

    private static final double SCORE = 0.7;

    private final StanfordCoreNLP pipeline;

    /** The lightest pipeline that gives NER: tokenize, ssplit, ner (3-class CRF, no SUTime, numbers, fine types). */
    public CoreNlpRecognizer() {
        this(defaultProperties());
    }

    /** A recogniser over a caller-configured pipeline; it must include the {@code ner} annotator. */
    public CoreNlpRecognizer(Properties props) {
        this.pipeline = new StanfordCoreNLP(props);
    }

    /** The default settings: override {@code ner.model} to use CoreNLP's full 3-model ensemble instead. */
    public static Properties defaultProperties() {
        Properties p = new Properties();
        // The CRF NER models use word shape and distributional-similarity features, not POS or lemmas; skipping
        // pos and lemma more than doubles throughput (README of shared/data: ~5.4k vs ~14k tokens/s).
        p.setProperty("annotators", "tokenize,ssplit,ner");
        p.setProperty("enforceRequirements", "false");
        p.setProperty("ner.model", MODEL_3CLASS);
        p.setProperty("ner.applyFineGrained", "false");
        p.setProperty("ner.useSUTime", "false");
        p.setProperty("ner.applyNumericClassifiers", "false");
        p.setProperty("ner.buildEntityMentions", "true");
        p.setProperty("tokenize.language", "en");
        return p;
    }

    /** The same pipeline with POS tagging and lemmas, as CoreNLP's requirements describe it (slower). */
    public static Properties fullPipelineProperties() {
        Properties p = defaultProperties();
        p.setProperty("annotators", "tokenize,ssplit,pos,lemma,ner");
        p.setProperty("enforceRequirements", "true");
        return p;
    }

    @Override
    public List<EntityFinding> apply(ReportText report) {
        return recognize(report);
    }

    /** One tag per distinct (type, name), with all its mentions in title and text. */
    public List<EntityFinding> recognize(ReportText report) {
        Map<String, List<Evidence>> mentions = new LinkedHashMap<>();
        Map<String, String[]> names = new LinkedHashMap<>();
        collect(Evidence.TITLE, report.title(), mentions, names);
        collect(Evidence.TEXT, report.text(), mentions, names);
        List<EntityFinding> tags = new ArrayList<>(mentions.size());
        mentions.forEach((id, spans) -> {
            String[] typeName = names.get(id);
            tags.add(new EntityFinding(typeName[0], id, typeName[1], SCORE, PRODUCER, List.copyOf(spans),
                    Map.of("engine", "stanford-corenlp")));
        });
        return List.copyOf(tags);
    }

    private void collect(String field, String text, Map<String, List<Evidence>> mentions, Map<String, String[]> names) {
        if (text == null || text.isBlank()) {
            return;
        }
        CoreDocument doc = new CoreDocument(text);
        pipeline.annotate(doc);
        List<CoreEntityMention> ems = doc.entityMentions();
        if (ems == null) {
            return;
        }
        for (CoreEntityMention em : ems) {
            String type = type(em.entityType());
            if (type == null || !namedByCrf(em)) {
                continue;
            }
            Pair<Integer, Integer> off = em.charOffsets();
            int start = off.first();
            int end = off.second();
            if (start < 0 || end > text.length() || start >= end) {
                continue;
            }
            String surface = text.substring(start, end);
            String name = surface.replaceAll("\\s+", " ");
            String id = type + "|" + name.toLowerCase(Locale.ROOT);
            names.putIfAbsent(id, new String[] {type, name});
            mentions.computeIfAbsent(id, k -> new ArrayList<>()).add(new Evidence(field, start, end, surface));
        }
    }

    /**
     * True when every token carries an NER label: CoreNLP's entity-mention step also adds pronouns (he, his) as
     * PERSON mentions for coreference, which are not names.
     */
    private static boolean namedByCrf(CoreEntityMention em) {
        for (CoreLabel token : em.tokens()) {
            String ner = token.ner();
            if (ner == null || "O".equals(ner)) {
                return false;
            }
        }
        return !em.tokens().isEmpty();
    }

    /** CoreNLP's types mapped to the enricher's; null for types the enricher does not tag (MISC, DATE, ...). */
    static String type(String coreNlpType) {
        if (coreNlpType == null) {
            return null;
        }
        return switch (coreNlpType) {
            case "PERSON" -> "PERSON";
            case "LOCATION", "CITY", "COUNTRY", "STATE_OR_PROVINCE" -> "LOCATION";
            case "ORGANIZATION" -> "ORGANIZATION";
            default -> null;
        };
    }
}
