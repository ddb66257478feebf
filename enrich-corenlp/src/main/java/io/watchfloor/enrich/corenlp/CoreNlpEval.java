package io.watchfloor.enrich.corenlp;

import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.Enricher;
import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.enrich.domain.entities.EntityRecognizer;
import io.watchfloor.enrich.eval.EntityEval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * {@link EntityEval}'s scoring (its public readers and counts) for the rules, CoreNLP and merged
 * recognisers, with one timed pass each. Usage: {@code CoreNlpEval [dev-eval dir] [--limit N] [--full-pipeline]
 * [--ensemble] [--errors TYPE] [--enricher]}. With {@code --enricher} the whole default enricher
 * and {@link CoreNlpEnricher} in both modes are scored too..
 */
public final class CoreNlpEval {

    private CoreNlpEval() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of("../shared/data/dev-eval");
        int limit = Integer.MAX_VALUE;
        boolean fullPipeline = false;
        boolean ensemble = false;
        String errors = null;
        boolean withEnricher = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--full-pipeline" -> fullPipeline = true;
                case "--ensemble" -> ensemble = true;
                case "--errors" -> errors = args[++i];
                case "--enricher" -> withEnricher = true;
                default -> dir = Path.of(args[i]);
            }
        }
        if (!Files.isDirectory(dir)) {
            System.err.println("no dev-eval data at " + dir.toAbsolutePath()
                    + ": pass the path of shared/data/dev-eval as the first argument");
            return;
        }
        Map<String, List<EntityEval.Doc>> sets = new LinkedHashMap<>();
        Path wikigold = dir.resolve("wikigold.conll.txt");
        if (Files.exists(wikigold)) {
            sets.put("wikigold", head(EntityEval.readConll(wikigold), limit));
        }
        Path re3d = dir.resolve("re3d");
        if (Files.isDirectory(re3d)) {
            List<EntityEval.Doc> all = new ArrayList<>();
            try (var subs = Files.list(re3d)) {
                for (Path sub : subs.filter(Files::isDirectory).sorted().toList()) {
                    all.addAll(head(EntityEval.readRe3d(sub), limit));
                }
            }
            sets.put("re3d (all subsets)", all);
        }
        long t0 = System.nanoTime();
        Properties props = fullPipeline ? CoreNlpRecognizer.fullPipelineProperties()
                : CoreNlpRecognizer.defaultProperties();
        if (ensemble) {
            props.setProperty("ner.model", CoreNlpRecognizer.MODEL_ENSEMBLE);
        }
        CoreNlpRecognizer corenlp = new CoreNlpRecognizer(props);
        System.out.printf(Locale.ROOT, "CoreNLP pipeline (%s; ner.model=%s) loaded in %.1f s%n",
                props.getProperty("annotators"), props.getProperty("ner.model"), (System.nanoTime() - t0) / 1e9);
        EntityRecognizer rules = EntityRecognizer.fromClasspath();
        Map<String, Function<ReportText, List<EntityFinding>>> systems = new LinkedHashMap<>();
        systems.put("(a) rules: EntityRecognizer", rules::recognize);
        systems.put("(b) corenlp: CoreNlpRecognizer", corenlp);
        systems.put("(c) rules+corenlp (rules win on overlap)",
                CoreNlpEnricher.recognizerFor(corenlp, CoreNlpEnricher.Mode.RULES_AND_CORENLP));
        if (withEnricher) {
            GroupCatalog catalog = GroupCatalog.fromClasspath();
            systems.put("(d) DefaultEnricher, rules (THREAT_GROUP as ORGANIZATION)",
                    asOrg(DefaultEnricher.fromClasspath()));
            systems.put("(e) CoreNlpEnricher corenlp (THREAT_GROUP as ORGANIZATION)",
                    asOrg(new CoreNlpEnricher(catalog, corenlp, CoreNlpEnricher.Mode.CORENLP)));
            systems.put("(f) CoreNlpEnricher rules+corenlp (THREAT_GROUP as ORGANIZATION)",
                    asOrg(new CoreNlpEnricher(catalog, corenlp, CoreNlpEnricher.Mode.RULES_AND_CORENLP)));
        }
        corenlp.apply(new ReportText("warm", null, "Warm-up sentence in London for John Smith of the UN.", null));
        List<String> speed = new ArrayList<>();
        for (var system : systems.entrySet()) {
            System.out.println("\n" + system.getKey() + "\n");
            System.out.println("| data set / type              |  gold |  pred | exact P | exact R | exact F1 "
                    + "| overlap P | overlap R | overlap F1 |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (var set : sets.entrySet()) {
                long s0 = System.nanoTime();
                Map<String, EntityEval.Score> scores = EntityEval.score(system.getValue(), set.getValue(),
                        system.getValue() == corenlp ? errors : null, set.getKey());
                double secs = (System.nanoTime() - s0) / 1e9;
                EntityEval.Score total = new EntityEval.Score();
                for (String type : EntityEval.TYPES) {
                    EntityEval.Score s = scores.get(type);
                    total.add(s);
                    System.out.println(s.row(set.getKey() + " " + type));
                }
                System.out.println(total.row(set.getKey() + " ALL"));
                speed.add(speedLine(system.getKey(), set.getKey(), set.getValue(), secs));
            }
        }
        System.out.println("\nOne scoring pass each, wall clock, one thread (includes scoring overhead):");
        speed.forEach(System.out::println);
        System.out.println("\nWarm throughput (after the passes above; best of 2 passes, one thread):");
        for (var system : systems.entrySet()) {
            for (var set : sets.entrySet()) {
                System.out.println(warm(system.getKey(), system.getValue(), set.getKey(), set.getValue()));
            }
        }
    }

    private static String warm(String name, Function<ReportText, List<EntityFinding>> r, String set,
                               List<EntityEval.Doc> docs) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double bestWall = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        long sink = 0;
        for (int pass = 0; pass < 2; pass++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (EntityEval.Doc d : docs) {
                sink += r.apply(new ReportText(d.id(), null, d.text(), null)).size();
            }
            bestWall = Math.min(bestWall, (System.nanoTime() - t0) / 1e9);
            bestCpu = Math.min(bestCpu, (mx.getCurrentThreadCpuTime() - cpu0) / 1e9);
        }
        long bytes = 0;
        long tokens = 0;
        for (EntityEval.Doc d : docs) {
            bytes += d.text().getBytes(StandardCharsets.UTF_8).length;
            tokens += d.text().isBlank() ? 0 : d.text().trim().split("\\s+").length;
        }
        return String.format(Locale.ROOT, "- %s on %s: %.0f tokens/s, %.3f MB/s of CPU time; %.0f tokens/s, "
                        + "%.3f MB/s wall clock (%d tags)", name, set, tokens / bestCpu, bytes / 1e6 / bestCpu,
                tokens / bestWall, bytes / 1e6 / bestWall, sink / 2);
    }

    /** Scores a whole enricher: its THREAT_GROUP tags count as ORGANIZATION, as in {@code EntityEval --enricher}. */
    private static Function<ReportText, List<EntityFinding>> asOrg(Enricher enricher) {
        return r -> enricher.enrich(r).entities().stream()
                .map(t -> "THREAT_GROUP".equals(t.type()) ? new EntityFinding("ORGANIZATION", t.id(), t.name(),
                        t.score(), t.producer(), t.mentions(), t.attributes()) : t)
                .toList();
    }

    private static List<EntityEval.Doc> head(List<EntityEval.Doc> docs, int limit) {
        return docs.size() <= limit ? docs : docs.subList(0, limit);
    }

    private static String speedLine(String system, String set, List<EntityEval.Doc> docs, double secs) {
        long bytes = 0;
        long tokens = 0;
        for (EntityEval.Doc d : docs) {
            bytes += d.text().getBytes(StandardCharsets.UTF_8).length;
            tokens += d.text().isBlank() ? 0 : d.text().trim().split("\\s+").length;
        }
        return String.format(Locale.ROOT, "- %s on %s: %d docs, %d whitespace tokens, %.2f MB in %.1f s = "
                        + "%.0f tokens/s, %.3f MB/s", system, set, docs.size(), tokens, bytes / 1e6, secs,
                tokens / secs, bytes / 1e6 / secs);
    }
}
