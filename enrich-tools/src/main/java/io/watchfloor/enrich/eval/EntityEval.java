package io.watchfloor.enrich.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.enrich.domain.Enricher;
import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.entities.EntityRecognizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Scores the entity recogniser (PERSON, LOCATION, ORGANIZATION; exact and overlapping spans, per type) on wikigold
 * (CoNLL, IOB1) and the re3d subsets, split into a tuning part and a held-out part, counts the errors by kind
 * (boundary, type, missed, spurious), scores link recall on the Wikipedia current-events items, and prints
 * throughput. Usage: {@code EntityEval [shared/data/dev-eval dir] [--enricher] [--show FILE]
 * [--examples KIND[:TYPE][:N]] [--errors TYPE] [--re3d-min-confidence C] [--spans auto|name|extent] [--no-speed]}.
 * KIND is boundary, type, missed or spurious; examples go to stdout after the tables. re3d keeps every annotation
 * its annotators proposed, each with the confidence its Bayesian model gave it (0 for the readings it rejected: "UN"
 * beside the accepted "the UN", "Philip Hammond" beside "Foreign Secretary Philip Hammond"); by default all count as
 * gold, as in every number published so far; {@code --re3d-min-confidence 0.5} scores against the accepted readings
 * only. Each set is
 * scored on the span its guideline marks ({@code --spans auto}): wikigold on names (CoNLL), re3d on mention extents
 * (ACE: "the Mosul Dam", "Iraqi Prime Minister Nouri al-Maliki"); {@code --spans name} or {@code extent} scores every
 * set on one of the two. With {@code --enricher} the whole default enricher is scored too, its THREAT_GROUP
 * tags counted as ORGANIZATION (re3d and wikigold label armed groups as organisations).
 */
public final class EntityEval {

    public static final List<String> TYPES = List.of("PERSON", "LOCATION", "ORGANIZATION");
    /** Error kinds, in the order they are printed. */
    static final List<String> KINDS = List.of("boundary", "type", "missed", "spurious");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A typed character span. */
    public record Ent(String type, int start, int end) {
    }

    /** One evaluation document: its text and gold entities. */
    public record Doc(String id, String text, List<Ent> gold) {
    }

    /** One error with its document, for the example listing. */
    record ErrorCase(String set, String kind, String type, Doc doc, Ent pred, Ent gold) {
    }

    /**
     * Counts for one type: predicted, gold, exact matches, overlapping predicted, overlapped gold, and errors by
     * kind: boundary (overlaps a gold span of its type, none exactly), type (overlaps gold of another type only),
     * spurious (overlaps no gold span), missed (a gold span no prediction of any type overlaps).
     */
    public static final class Score {
        int pred;
        int gold;
        int exactTp;
        int predOverlap;
        int goldOverlap;
        final int[] errors = new int[KINDS.size()];

        public void add(Score o) {
            pred += o.pred;
            gold += o.gold;
            exactTp += o.exactTp;
            predOverlap += o.predOverlap;
            goldOverlap += o.goldOverlap;
            for (int k = 0; k < errors.length; k++) {
                errors[k] += o.errors[k];
            }
        }

        static double f1(double p, double r) {
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        double exactF1() {
            return f1(ratio(exactTp, pred), ratio(exactTp, gold));
        }

        double overlapF1() {
            return f1(ratio(predOverlap, pred), ratio(goldOverlap, gold));
        }

        public String row(String name) {
            double ep = ratio(exactTp, pred);
            double er = ratio(exactTp, gold);
            double op = ratio(predOverlap, pred);
            double or = ratio(goldOverlap, gold);
            return String.format(Locale.ROOT, "| %-34s | %5d | %5d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f "
                            + "| %4d | %4d | %4d | %4d |", name, gold, pred, ep, er, f1(ep, er), op, or, f1(op, or),
                    errors[0], errors[1], errors[2], errors[3]);
        }

        private static double ratio(int a, int b) {
            return b == 0 ? 0 : (double) a / b;
        }
    }

    /** Which mention span is scored: name, extent, or auto (each set by its own guideline). */
    static String spans = "auto";

    /**
     * True when a set is scored on mention extents: re3d's annotators mark whole mentions (determiner, title and
     * rank included, the ACE convention), wikigold's mark names (CoNLL); {@code --spans name|extent} overrides.
     */
    static boolean extents(String setName) {
        return spans.equals("extent") || spans.equals("auto") && setName.startsWith("re3d");
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of("../shared/data/dev-eval");
        String show = null;
        String errors = null;
        String examples = null;
        boolean withEnricher = false;
        boolean speed = true;
        double re3dMinConfidence = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--enricher" -> withEnricher = true;
                case "--show" -> show = args[++i];
                case "--errors" -> errors = args[++i];
                case "--examples" -> examples = args[++i];
                case "--no-speed" -> speed = false;
                case "--spans" -> {
                    spans = args[++i];
                    if (!List.of("auto", "name", "extent").contains(spans)) {
                        throw new IllegalArgumentException("--spans takes auto, name or extent, not " + spans);
                    }
                }
                case "--re3d-min-confidence" -> re3dMinConfidence = Double.parseDouble(args[++i]);
                default -> dir = Path.of(args[i]);
            }
        }
        EntityRecognizer recognizer = EntityRecognizer.fromClasspath();
        if (show != null) {
            String text = Files.readString(Path.of(show), StandardCharsets.UTF_8);
            for (EntityFinding t : recognizer.recognize(new ReportText("show", null, text, null))) {
                System.out.println(t.type() + "\t" + t.id() + "\t" + t.name() + "\t" + t.score() + "\t"
                        + t.mentions().stream().map(Evidence::text).toList() + "\t" + t.attributes());
            }
            return;
        }
        if (!Files.isDirectory(dir)) {
            System.err.println("no dev-eval data at " + dir.toAbsolutePath()
                    + ": pass the path of shared/data/dev-eval as the first argument");
            return;
        }
        Map<String, List<Doc>> sets = devSets(dir, re3dMinConfidence);
        if (re3dMinConfidence > 0) {
            System.out.printf(Locale.ROOT, "re3d gold: only annotations with confidence >= %.2f%n", re3dMinConfidence);
        }
        Map<String, Function<ReportText, List<EntityFinding>>> systems = new java.util.LinkedHashMap<>();
        systems.put("EntityRecognizer", recognizer::recognize);
        if (withEnricher) {
            Enricher enricher = defaultEnricher();
            systems.put("DefaultEnricher (THREAT_GROUP as ORGANIZATION)", r -> enricher.enrich(r).entities().stream()
                    .map(t -> "THREAT_GROUP".equals(t.type()) ? new EntityFinding("ORGANIZATION", t.id(), t.name(),
                            t.score(), t.producer(), t.mentions(), t.attributes()) : t)
                    .toList());
        }
        List<ErrorCase> cases = new ArrayList<>();
        for (var system : systems.entrySet()) {
            System.out.println("\n" + system.getKey() + "\n");
            cases.clear();
            table(system.getValue(), sets, errors, cases);
            Path events = currentEvents(dir);
            if (events != null) {
                linkRecall(system.getValue(), events);
            }
        }
        if (examples != null) {
            printExamples(cases, examples);
        }
        System.out.println("\nReference (README of shared/data): CoreNLP 4.5.10 wikigold F1 0.633, "
                + "re3d overlap F1 0.59");
        if (!speed) {
            return;
        }
        for (var system : systems.entrySet()) {
            for (String set : List.of("wikigold (all)", "re3d (all)")) {
                if (sets.containsKey(set)) {
                    throughput(system.getKey(), system.getValue(), set, sets.get(set));
                }
            }
        }
    }

    /**
     * The dev sets, each split into a tuning part and a held-out part checked only after a change: wikigold every
     * fourth document held out; re3d UK_Government held out, Australian DFAT and Wikipedia for tuning.
     */
    static Map<String, List<Doc>> devSets(Path dir, double re3dMinConfidence) throws IOException {
        Map<String, List<Doc>> sets = new java.util.LinkedHashMap<>();
        Path wikigold = dir.resolve("wikigold.conll.txt");
        if (Files.exists(wikigold)) {
            List<Doc> all = readConll(wikigold);
            List<Doc> tune = new ArrayList<>();
            List<Doc> held = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                (i % 4 == 3 ? held : tune).add(all.get(i));
            }
            sets.put("wikigold (tune)", tune);
            sets.put("wikigold (held-out)", held);
            sets.put("wikigold (all)", all);
        }
        Path re3d = dir.resolve("re3d");
        if (Files.isDirectory(re3d)) {
            List<Doc> all = new ArrayList<>();
            List<Doc> tune = new ArrayList<>();
            List<Doc> held = new ArrayList<>();
            try (var subs = Files.list(re3d)) {
                for (Path sub : subs.filter(Files::isDirectory).sorted().toList()) {
                    List<Doc> docs = readRe3d(sub, re3dMinConfidence);
                    String name = sub.getFileName().toString();
                    sets.put("re3d/" + name, docs);
                    all.addAll(docs);
                    (name.equals("UK_Government") ? held : tune).addAll(docs);
                }
            }
            sets.put("re3d (tune: DFAT+Wikipedia)", tune);
            sets.put("re3d (held-out: UK_Government)", held);
            sets.put("re3d (all)", all);
        }
        return sets;
    }

    private static Path currentEvents(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("wikipedia-current-events-")
                    && f.getFileName().toString().endsWith(".jsonl")).sorted().findFirst().orElse(null);
        }
    }

    /**
     * Wikipedia current events: editors' links mark notable first mentions (not exhaustive, no types), so only
     * recall is measured: the share of link spans starting with a capital that some entity mention overlaps.
     */
    static void linkRecall(Function<ReportText, List<EntityFinding>> system, Path file) throws IOException {
        int links = 0;
        int found = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode item = JSON.readTree(line);
            String text = item.path("text").asText();
            List<Evidence> mentions = new ArrayList<>();
            for (EntityFinding t : system.apply(new ReportText(item.path("id").asText(), null, text, null))) {
                if (TYPES.contains(t.type()) || "THREAT_GROUP".equals(t.type())) {
                    mentions.addAll(t.mentions());
                }
            }
            for (JsonNode link : item.path("links")) {
                String surface = link.path("text").asText();
                if (surface.isEmpty() || !Character.isUpperCase(surface.charAt(0))) {
                    continue; // "police", "military": nominal links no name recogniser is meant to find
                }
                links++;
                int a = link.path("start").asInt();
                int b = link.path("end").asInt();
                if (mentions.stream().anyMatch(m -> m.field().equals(Evidence.TEXT) && m.start() < b && a < m.end())) {
                    found++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nWikipedia current events: %d of %d capitalised link spans overlapped by an "
                + "entity mention (link recall %.3f)%n", found, links, links == 0 ? 0 : (double) found / links);
    }

    private static Enricher defaultEnricher() {
        try {
            return (Enricher) Class.forName("io.watchfloor.enrich.domain.DefaultEnricher")
                    .getMethod("fromClasspath").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("--enricher needs io.watchfloor.enrich.domain.DefaultEnricher on the "
                    + "class path: run from the enrich-tools module", e);
        }
    }

    private static void table(Function<ReportText, List<EntityFinding>> system, Map<String, List<Doc>> sets,
                              String errors, List<ErrorCase> cases) {
        System.out.println("| data set / type                    |  gold |  pred | exact P | exact R | exact F1 "
                + "| overlap P | overlap R | overlap F1 | bound | type | miss | spur |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (var e : sets.entrySet()) {
            // examples come from the tuning parts only, so the held-out parts stay unseen while rules are written
            boolean collect = e.getKey().contains("(tune");
            Map<String, Score> scores = score(system, e.getValue(), errors, e.getKey(), collect ? cases : null);
            Score total = new Score();
            for (String type : TYPES) {
                Score s = scores.get(type);
                total.add(s);
                System.out.println(s.row(e.getKey() + " " + type));
            }
            System.out.println(total.row("**" + e.getKey() + " ALL**"));
        }
    }

    public static Map<String, Score> score(Function<ReportText, List<EntityFinding>> r, List<Doc> docs,
                                           String errors, String setName) {
        return score(r, docs, errors, setName, null);
    }

    static Map<String, Score> score(Function<ReportText, List<EntityFinding>> r, List<Doc> docs, String errors,
                                    String setName, List<ErrorCase> cases) {
        Map<String, Score> scores = new HashMap<>();
        TYPES.forEach(t -> scores.put(t, new Score()));
        for (Doc d : docs) {
            Set<Ent> pred = new LinkedHashSet<>();
            for (EntityFinding tag : r.apply(new ReportText(d.id(), null, d.text(), null))) {
                if (!TYPES.contains(tag.type())) {
                    continue;
                }
                for (Evidence m : tag.mentions()) {
                    if (m.field().equals(Evidence.TEXT)) {
                        pred.add(extents(setName) ? new Ent(tag.type(), m.extentStart(), m.extentEnd())
                                : new Ent(tag.type(), m.start(), m.end()));
                    }
                }
            }
            List<Ent> gold = new ArrayList<>(new LinkedHashSet<>(d.gold()));
            gold.removeIf(g -> !TYPES.contains(g.type()));
            for (String type : TYPES) {
                Score s = scores.get(type);
                List<Ent> p = pred.stream().filter(x -> x.type().equals(type)).toList();
                List<Ent> g = gold.stream().filter(x -> x.type().equals(type)).toList();
                s.pred += p.size();
                s.gold += g.size();
                for (Ent x : p) {
                    boolean exact = g.contains(x);
                    if (exact) {
                        s.exactTp++;
                    }
                    Ent same = g.stream().filter(y -> overlaps(x, y)).findFirst().orElse(null);
                    if (same != null) {
                        s.predOverlap++;
                        if (!exact) {
                            error(s, cases, setName, "boundary", type, d, x, same);
                        }
                    } else {
                        Ent other = gold.stream().filter(y -> overlaps(x, y)).findFirst().orElse(null);
                        error(s, cases, setName, other != null ? "type" : "spurious", type, d, x, other);
                        if (type.equals(errors)) {
                            System.err.println(setName + " FP " + type + ": " + context(d.text(), x));
                        }
                    }
                }
                for (Ent y : g) {
                    if (p.stream().anyMatch(x -> overlaps(x, y))) {
                        s.goldOverlap++;
                        continue;
                    }
                    if (pred.stream().noneMatch(x -> overlaps(x, y))) {
                        error(s, cases, setName, "missed", type, d, null, y);
                    }
                    if (type.equals(errors)) {
                        System.err.println(setName + " FN " + type + ": " + context(d.text(), y));
                    }
                }
            }
        }
        return scores;
    }

    private static void error(Score s, List<ErrorCase> cases, String set, String kind, String type, Doc d, Ent pred,
                              Ent gold) {
        s.errors[KINDS.indexOf(kind)]++;
        if (cases != null) {
            cases.add(new ErrorCase(set, kind, type, d, pred, gold));
        }
    }

    /** Prints examples of one error kind, optionally of one type: {@code KIND[:TYPE][:N]}, e.g. boundary:PERSON:40. */
    static void printExamples(List<ErrorCase> cases, String spec) {
        String[] parts = spec.split(":");
        String kind = parts[0];
        String type = parts.length > 1 && !parts[1].matches("\\d+") ? parts[1] : null;
        int n = Integer.parseInt(parts[parts.length - 1].matches("\\d+") ? parts[parts.length - 1] : "30");
        System.out.println("\nExamples of " + kind + " errors" + (type == null ? "" : " (" + type + ")")
                + " in the last system's tuning sets:");
        int shown = 0;
        for (ErrorCase c : cases) {
            if (!c.kind().equals(kind) || (type != null && !c.type().equals(type)) || shown >= n) {
                continue;
            }
            shown++;
            String text = c.doc().text();
            String line = c.set() + " " + c.type();
            if (c.pred() != null) {
                line += " pred [" + text.substring(c.pred().start(), c.pred().end()) + "]";
            }
            if (c.gold() != null) {
                line += " gold " + c.gold().type() + " [" + text.substring(c.gold().start(), c.gold().end()) + "]";
            }
            Ent at = c.pred() != null ? c.pred() : c.gold();
            System.out.println(line + "  " + context(text, at));
        }
    }

    private static String context(String text, Ent e) {
        int a = Math.max(0, e.start() - 30);
        int b = Math.min(text.length(), e.end() + 30);
        return "[" + text.substring(e.start(), e.end()) + "]  ..." + text.substring(a, e.start()) + "[["
                + text.substring(e.start(), e.end()) + "]]" + text.substring(e.end(), b).replace('\n', ' ') + "...";
    }

    static boolean overlaps(Ent a, Ent b) {
        return a.start() < b.end() && b.start() < a.end();
    }

    /** Reads CoNLL IOB1 (token TAG per line, blank line between sentences, -DOCSTART- between documents). */
    public static List<Doc> readConll(Path file) throws IOException {
        List<Doc> docs = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        List<Ent> gold = new ArrayList<>();
        String openType = null;
        int openStart = -1;
        int lastEnd = -1;
        boolean newSentence = true;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("-DOCSTART-") || line.isBlank()) {
                if (openType != null) {
                    gold.add(new Ent(openType, openStart, lastEnd));
                    openType = null;
                }
                if (line.startsWith("-DOCSTART-") && text.length() > 0) {
                    docs.add(new Doc("wikigold-" + docs.size(), text.toString(), gold));
                    text = new StringBuilder();
                    gold = new ArrayList<>();
                }
                newSentence = true;
                continue;
            }
            int sp = line.lastIndexOf(' ');
            String token = line.substring(0, sp);
            String tag = line.substring(sp + 1);
            if (text.length() > 0) {
                text.append(newSentence ? '\n' : ' ');
            }
            newSentence = false;
            int start = text.length();
            text.append(token);
            String type = switch (tag.length() > 2 ? tag.substring(2) : "") {
                case "PER" -> "PERSON";
                case "LOC" -> "LOCATION";
                case "ORG" -> "ORGANIZATION";
                case "MISC" -> "MISC";
                default -> null;
            };
            boolean begin = tag.startsWith("B-");
            if (openType != null && (type == null || !type.equals(openType) || begin)) {
                gold.add(new Ent(openType, openStart, lastEnd));
                openType = null;
            }
            if (type != null && openType == null) {
                openType = type;
                openStart = start;
            }
            lastEnd = text.length();
        }
        if (openType != null) {
            gold.add(new Ent(openType, openStart, lastEnd));
        }
        if (text.length() > 0) {
            docs.add(new Doc("wikigold-" + docs.size(), text.toString(), gold));
        }
        return docs;
    }

    /** Reads one re3d subset (mongoexport JSON lines): documents.json and entities.json, every annotation. */
    public static List<Doc> readRe3d(Path sub) throws IOException {
        return readRe3d(sub, 0);
    }

    /** Reads one re3d subset, keeping the annotations whose confidence is at least {@code minConfidence}. */
    public static List<Doc> readRe3d(Path sub, double minConfidence) throws IOException {
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        for (JsonNode d : readJsonLines(sub.resolve("documents.json"))) {
            texts.put(d.path("_id").asText(), d.path("text").asText());
        }
        Map<String, List<Ent>> gold = new HashMap<>();
        int mismatched = 0;
        for (JsonNode e : readJsonLines(sub.resolve("entities.json"))) {
            String type = switch (e.path("type").asText()) {
                case "Person" -> "PERSON";
                case "Location" -> "LOCATION";
                case "Organisation" -> "ORGANIZATION";
                default -> null;
            };
            String docId = e.path("documentId").asText();
            String text = texts.get(docId);
            if (type == null || text == null || e.path("confidence").asDouble(1) < minConfidence) {
                continue;
            }
            int b = e.path("begin").asInt();
            int en = e.path("end").asInt();
            if (en > text.length() || !text.substring(b, en).equals(e.path("value").asText())) {
                mismatched++;
            }
            gold.computeIfAbsent(docId, k -> new ArrayList<>()).add(new Ent(type, b, Math.min(en, text.length())));
        }
        if (mismatched > 0) {
            System.err.println(sub.getFileName() + ": " + mismatched + " gold spans whose offsets do not match "
                    + "their value (kept as given)");
        }
        List<Doc> docs = new ArrayList<>();
        texts.forEach((id, text) -> docs.add(new Doc(id, text, gold.getOrDefault(id, List.of()))));
        return docs;
    }

    private static List<JsonNode> readJsonLines(Path file) throws IOException {
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
            return it.readAll();
        }
    }

    /** Best of several timed blocks (this machine is shared; the best block is the least disturbed one). */
    static void throughput(String name, Function<ReportText, List<EntityFinding>> r, String setName, List<Doc> docs) {
        long bytes = 0;
        for (Doc d : docs) {
            bytes += d.text().getBytes(StandardCharsets.UTF_8).length;
        }
        long sink = 0;
        for (int round = 0; round < 30; round++) {
            for (Doc d : docs) {
                sink += r.apply(new ReportText(d.id(), null, d.text(), null)).size();
            }
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        int rounds = (int) Math.max(1, 2_000_000 / Math.max(1, bytes));
        double bestCpu = Double.MAX_VALUE;
        double bestWall = Double.MAX_VALUE;
        for (int block = 0; block < 6; block++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                for (Doc d : docs) {
                    sink += r.apply(new ReportText(d.id(), null, d.text(), null)).size();
                }
            }
            bestWall = Math.min(bestWall, (System.nanoTime() - t0) / 1e9);
            bestCpu = Math.min(bestCpu, (mx.getCurrentThreadCpuTime() - cpu0) / 1e9);
        }
        double mb = bytes * (double) rounds / 1e6;
        System.out.printf(Locale.ROOT, "throughput of %s on %s text (one thread, best of 6 blocks of %.1f MB): "
                        + "%.1f MB/s per core of CPU time, %.1f MB/s wall clock (checksum %d)%n",
                name, setName, mb, mb / bestCpu, mb / bestWall, sink);
    }
}
