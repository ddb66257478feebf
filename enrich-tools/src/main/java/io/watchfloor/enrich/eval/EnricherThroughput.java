package io.watchfloor.enrich.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.enrich.domain.entities.EntityRecognizer;
import io.watchfloor.enrich.domain.events.EventDetector;
import io.watchfloor.enrich.domain.groups.GroupClassifier;
import io.watchfloor.enrich.domain.groups.GroupMatcher;
import io.watchfloor.enrich.domain.groups.GroupMention;
import io.watchfloor.enrich.domain.groups.NormalizedText;
import io.watchfloor.enrich.domain.topics.TopicClassifier;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * Single-threaded throughput of each enricher stage and of the whole {@link DefaultEnricher} on the Wikipedia
 * current-events items and on the seed article, as MB/s of UTF-8 text per core of CPU time (best of several blocks,
 * since the machine is shared). {@code --golden FILE} instead writes the enrichment of every item as JSON Lines, to
 * diff outputs before and after a change; {@code --compare DIR} times the classes compiled into DIR (an older build
 * of this module) against the current ones in the same JVM, block by block alternately, so both see the same load.
 * Usage: {@code EnricherThroughput [--data DIR] [--seed FILE] [--mb MB_PER_BLOCK] [--blocks N] [--only a,b]
 * [--golden FILE | --compare CLASSES_DIR]}.
 */
public final class EnricherThroughput {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Stage(String name, ToIntFunction<ReportText> run) {
    }

    private EnricherThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        Path shared = sharedData();
        Path data = Path.of(opts.getOrDefault("--data", shared.resolve("dev-eval").toString()));
        Path seed = Path.of(opts.getOrDefault("--seed", shared.resolve("samples")
                .resolve("seed-article-pakistan-us-counterterrorism.txt").toString()));
        List<ReportText> items = readItems(data);
        List<ReportText> seedDocs = new ArrayList<>();
        if (Files.exists(seed)) {
            seedDocs.add(new ReportText("seed", null, Files.readString(seed, StandardCharsets.UTF_8), null));
        }
        if (items.isEmpty() && seedDocs.isEmpty()) {
            throw new IllegalArgumentException("No wikipedia-current-events-*.jsonl under " + data + " and no seed "
                    + "article at " + seed + "; pass --data <shared/data/dev-eval> or --seed <file>");
        }
        long t0 = System.nanoTime();
        DefaultEnricher enricher = DefaultEnricher.fromClasspath();
        System.out.printf(Locale.ROOT, "enricher loaded in %.2f s (catalog %s)%n", (System.nanoTime() - t0) / 1e9,
                enricher.catalog().version());
        if (opts.containsKey("--golden")) {
            List<ReportText> all = new ArrayList<>(items);
            all.addAll(seedDocs);
            seedDocs.forEach(s -> all.add(new ReportText("seed-titled", "ISIS-K claims attack; TTP blamed",
                    s.text(), LocalDate.parse("2025-09-30").atStartOfDay().toInstant(ZoneOffset.UTC))));
            all.addAll(dayDocuments(items));
            writeGolden(enricher, all, Path.of(opts.get("--golden")));
            return;
        }
        double mbPerBlock = Double.parseDouble(opts.getOrDefault("--mb", "1.5"));
        int blocks = Integer.parseInt(opts.getOrDefault("--blocks", "5"));
        String only = opts.get("--only");
        if (opts.containsKey("--compare")) {
            compare(Path.of(opts.get("--compare")), data, seed, only, mbPerBlock, blocks);
            return;
        }
        List<Stage> stages = stages(enricher.catalog(), enricher);
        for (Map.Entry<String, List<ReportText>> set : Map.of("dev-eval items", items, "seed article", seedDocs)
                .entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            if (set.getValue().isEmpty()) {
                continue;
            }
            long bytes = 0;
            for (ReportText r : set.getValue()) {
                bytes += r.text().getBytes(StandardCharsets.UTF_8).length;
            }
            System.out.printf(Locale.ROOT, "%s: %d docs, %.3f MB%n", set.getKey(), set.getValue().size(), bytes / 1e6);
            for (Stage stage : stages) {
                if (only == null || List.of(only.split(",")).contains(stage.name())) {
                    measure(stage, set.getValue(), bytes, mbPerBlock, blocks);
                }
            }
        }
    }

    private static List<Stage> stages(GroupCatalog catalog, DefaultEnricher enricher) {
        Provenance p = new Provenance("throughput", "0");
        GroupMatcher matcher = new GroupMatcher(catalog);
        GroupClassifier classifier = new GroupClassifier(catalog, p);
        EventDetector events = new EventDetector(p);
        TopicClassifier topics = new TopicClassifier(p);
        EntityRecognizer recognizer = EntityRecognizer.fromClasspath();
        DefaultEnricher noEntities = new DefaultEnricher(catalog, r -> List.of(), DefaultEnricher.DEFAULT_TEXT_CAP);
        Map<ReportText, List<GroupMention>> mentionCache = new IdentityHashMap<>();
        Map<ReportText, BitSet> inGroupCache = new IdentityHashMap<>();
        return List.of(
                new Stage("normalise", r -> NormalizedText.of(r.text()).length()),
                new Stage("groups-match", r -> matcher.match(r).size()),
                new Stage("groups-classify", r -> classifier.classify(r,
                        mentionCache.computeIfAbsent(r, matcher::match)).size()),
                new Stage("events", r -> {
                    BitSet in = inGroupCache.computeIfAbsent(r, k -> {
                        BitSet b = new BitSet();
                        for (GroupMention m : matcher.match(k)) {
                            if (Evidence.TEXT.equals(m.span().field())) {
                                b.set(m.span().start(), m.span().end());
                            }
                        }
                        return b;
                    });
                    return events.detect(r, in::get).size();
                }),
                new Stage("topics", r -> topics.classify(r).size()),
                new Stage("entities", r -> recognizer.recognize(r).size()),
                new Stage("enricher-no-entities", r -> noEntities.enrich(r).groups().size()),
                new Stage("enricher", r -> enricher.enrich(r).entities().size()));
    }

    /**
     * One pass of each stage over the dev-eval items ({@code set = "dev"}) or the seed article ({@code "seed"}), as
     * plain JDK types so a copy of this class loaded from another build can be timed side by side. Key "bytes"
     * holds the UTF-8 size of one pass.
     */
    public static Map<String, LongSupplier> passes(String dataDir, String seedFile, String set) throws IOException {
        List<ReportText> docs;
        if ("dev".equals(set)) {
            docs = readItems(Path.of(dataDir));
        } else {
            docs = List.of(new ReportText("seed", null, Files.readString(Path.of(seedFile)), null));
        }
        long bytes = 0;
        for (ReportText r : docs) {
            bytes += r.text().getBytes(StandardCharsets.UTF_8).length;
        }
        long size = bytes;
        Map<String, LongSupplier> out = new LinkedHashMap<>();
        out.put("bytes", () -> size);
        for (Stage stage : stages(GroupCatalog.fromClasspath(), DefaultEnricher.fromClasspath())) {
            out.put(stage.name(), () -> {
                long sink = 0;
                for (ReportText r : docs) {
                    sink += stage.run().applyAsInt(r);
                }
                return sink;
            });
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void compare(Path beforeClasses, Path data, Path seed, String only, double mbPerBlock, int blocks)
            throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(beforeClasses.toUri().toURL());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (URLClassLoader old = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            for (String set : List.of("dev", "seed")) {
                Map<String, LongSupplier> before;
                try {
                    before = (Map<String, LongSupplier>) old.loadClass(EnricherThroughput.class.getName())
                            .getMethod("passes", String.class, String.class, String.class)
                            .invoke(null, data.toString(), seed.toString(), set);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot load EnricherThroughput.passes from " + beforeClasses
                            + "; compile this class into that directory too", e);
                }
                Map<String, LongSupplier> after = passes(data.toString(), seed.toString(), set);
                long bytes = after.get("bytes").getAsLong();
                int rounds = (int) Math.max(1, mbPerBlock * 1e6 / bytes);
                System.out.printf(Locale.ROOT, "%s (%.3f MB per pass, %d passes per block, best of %d blocks, "
                        + "MB/s per core of CPU time):%n", set, bytes / 1e6, rounds, blocks);
                for (String stage : after.keySet()) {
                    if (stage.equals("bytes") || (only != null && !List.of(only.split(",")).contains(stage))) {
                        continue;
                    }
                    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
                    long[] sinks = new long[2];
                    List<LongSupplier> runs = List.of(before.get(stage), after.get(stage));
                    for (int block = -1; block < blocks; block++) {
                        for (int v = 0; v < 2; v++) {
                            long cpu0 = mx.getCurrentThreadCpuTime();
                            long sink = 0;
                            for (int round = 0; round < rounds; round++) {
                                sink += runs.get(v).getAsLong();
                            }
                            double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                            if (block >= 0) {
                                best[v] = Math.min(best[v], cpu);
                            }
                            sinks[v] = sink;
                        }
                    }
                    double mb = bytes * (double) rounds / 1e6;
                    System.out.printf(Locale.ROOT, "  %-22s before %8.2f  after %8.2f  x%.2f%s%n", stage,
                            mb / best[0], mb / best[1], best[0] / best[1],
                            sinks[0] == sinks[1] ? "" : "  (checksums differ: " + sinks[0] + " vs " + sinks[1] + ")");
                }
            }
        }
    }

    private static void measure(Stage stage, List<ReportText> docs, long bytes, double mbPerBlock, int blocks) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        int rounds = (int) Math.max(1, mbPerBlock * 1e6 / Math.max(1, bytes));
        // warm-up: one block's worth
        for (int round = 0; round < rounds; round++) {
            for (ReportText r : docs) {
                sink += stage.run().applyAsInt(r);
            }
        }
        double bestCpu = Double.MAX_VALUE;
        double bestWall = Double.MAX_VALUE;
        for (int block = 0; block < blocks; block++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                for (ReportText r : docs) {
                    sink += stage.run().applyAsInt(r);
                }
            }
            bestWall = Math.min(bestWall, (System.nanoTime() - t0) / 1e9);
            bestCpu = Math.min(bestCpu, (mx.getCurrentThreadCpuTime() - cpu0) / 1e9);
        }
        double mb = bytes * (double) rounds / 1e6;
        System.out.printf(Locale.ROOT, "  %-22s %8.2f MB/s per core (CPU time)  %8.2f MB/s wall   [%d x %.2f MB, "
                + "sink %d]%n", stage.name(), mb / bestCpu, mb / bestWall, blocks, mb, sink);
    }

    private static void writeGolden(DefaultEnricher enricher, List<ReportText> docs, Path out) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (ReportText r : docs) {
                Enrichment e = enricher.enrich(r);
                ObjectNode line = MAPPER.createObjectNode();
                line.put("id", r.id());
                line.set("groups", MAPPER.valueToTree(e.groups()));
                line.set("events", MAPPER.valueToTree(e.events()));
                line.set("topics", MAPPER.valueToTree(e.topics()));
                List<EntityFinding> own = new ArrayList<>();
                List<EntityFinding> recognised = new ArrayList<>();
                for (EntityFinding t : e.entities()) {
                    ("THREAT_GROUP".equals(t.type()) || "EVENT".equals(t.type()) ? own : recognised).add(t);
                }
                line.set("groupAndEventEntities", MAPPER.valueToTree(own));
                line.set("warnings", MAPPER.valueToTree(e.warnings()));
                // last, so a diff that ignores the recogniser's own output can cut the line here
                line.set("recognisedEntities", MAPPER.valueToTree(recognised));
                w.write(MAPPER.writeValueAsString(line));
                w.newLine();
            }
        }
        System.out.println("wrote " + docs.size() + " enrichments to " + out);
    }

    /** Longer documents for the golden: each day's items joined, the first item as title (many sentences). */
    private static List<ReportText> dayDocuments(List<ReportText> items) {
        Map<String, List<ReportText>> byDay = new LinkedHashMap<>();
        for (ReportText r : items) {
            String id = r.id();
            byDay.computeIfAbsent(id.contains("#") ? id.substring(0, id.indexOf('#')) : id,
                    k -> new ArrayList<>()).add(r);
        }
        List<ReportText> out = new ArrayList<>();
        byDay.forEach((day, rs) -> {
            StringBuilder text = new StringBuilder();
            for (int i = 1; i < rs.size(); i++) {
                text.append(rs.get(i).text()).append(i % 3 == 0 ? "\n" : " ");
            }
            out.add(new ReportText("day:" + day, rs.get(0).text(), text.toString(), rs.get(0).publishedAt()));
        });
        return out;
    }

    private static List<ReportText> readItems(Path data) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(data)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(data, "wikipedia-current-events-*.jsonl")) {
                ds.forEach(files::add);
            }
        } else if (Files.exists(data)) {
            files.add(data);
        }
        files.sort(null);
        List<ReportText> items = new ArrayList<>();
        for (Path f : files) {
            try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode item = MAPPER.readTree(line);
                    items.add(new ReportText(item.path("id").asText(), null, item.path("text").asText(),
                            item.hasNonNull("date") ? LocalDate.parse(item.path("date").asText())
                                    .atStartOfDay().toInstant(ZoneOffset.UTC) : null));
                }
            }
        }
        return items;
    }

    private static Path sharedData() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("data");
            if (Files.isDirectory(candidate.resolve("dev-eval"))) {
                return candidate;
            }
        }
        return cwd.resolve("../shared/data");
    }
}
