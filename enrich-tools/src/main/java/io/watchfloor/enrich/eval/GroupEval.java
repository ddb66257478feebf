package io.watchfloor.enrich.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.GroupFinding;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores group tagging on the Wikipedia current-events items: a link whose target is a catalog group's article (or
 * a redirect to it) is a label. Prints recall, strict precision (every tag without a link counts as wrong) and the
 * misses and unlinked tags to review by hand, since editors link only notable first mentions.
 * Usage: {@code GroupEval [--data DIR_OR_FILE] [--show N]}.
 */
public final class GroupEval {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Counts and review lists of one evaluation run. */
    public record Result(int items, int labels, int tags, int truePositives, List<String> misses,
                         List<String> extras, Map<String, int[]> perGroup) {
        public double recall() {
            return labels == 0 ? 1.0 : (double) truePositives / labels;
        }

        public double strictPrecision() {
            return tags == 0 ? 1.0 : (double) truePositives / tags;
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        Path data = Path.of(opts.getOrDefault("--data", defaultData().toString()));
        int show = Integer.parseInt(opts.getOrDefault("--show", "40"));
        DefaultEnricher enricher = new DefaultEnricher(GroupCatalog.fromClasspath(), r -> List.of(),
                DefaultEnricher.DEFAULT_TEXT_CAP);
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(data)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(data, "wikipedia-current-events-*.jsonl")) {
                ds.forEach(files::add);
            }
        } else {
            files.add(data);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No wikipedia-current-events-*.jsonl under " + data
                    + "; pass --data <shared/data/dev-eval>");
        }
        files.sort(null);
        PrintStream out = System.out;
        for (Path f : files) {
            Result r = evaluate(enricher, f);
            out.printf("%s%n  catalog %s | items %d | labels %d | tags %d | TP %d%n", f.getFileName(),
                    enricher.catalog().version(), r.items(), r.labels(), r.tags(), r.truePositives());
            out.printf("  recall %.3f | strict precision %.3f%n", r.recall(), r.strictPrecision());
            out.println("  per group (labels, TP, tags):");
            r.perGroup().forEach((g, c) -> out.printf("    %-28s %3d %3d %3d%n", g, c[0], c[1], c[2]));
            out.printf("  misses (%d):%n", r.misses().size());
            r.misses().stream().limit(show).forEach(m -> out.println("    " + m));
            out.printf("  tags without a link, to review (%d):%n", r.extras().size());
            r.extras().stream().limit(show).forEach(m -> out.println("    " + m));
        }
    }

    private static Path defaultData() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("data").resolve("dev-eval");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return cwd.resolve("../shared/data/dev-eval");
    }

    public static Result evaluate(DefaultEnricher enricher, Path file) throws IOException {
        GroupCatalog catalog = enricher.catalog();
        int items = 0;
        int labels = 0;
        int tags = 0;
        int tp = 0;
        List<String> misses = new ArrayList<>();
        List<String> extras = new ArrayList<>();
        Map<String, int[]> perGroup = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode item = MAPPER.readTree(line);
                items++;
                String text = item.path("text").asText();
                Map<String, String> gold = new LinkedHashMap<>();
                for (JsonNode link : item.path("links")) {
                    catalog.groupIdForWikipediaTitle(link.path("target").asText())
                            .ifPresent(id -> gold.putIfAbsent(id, link.path("text").asText()));
                }
                ReportText report = new ReportText(item.path("id").asText(), null, text,
                        item.hasNonNull("date") ? LocalDate.parse(item.path("date").asText())
                                .atStartOfDay().toInstant(ZoneOffset.UTC) : null);
                Set<String> predicted = new LinkedHashSet<>();
                Map<String, GroupFinding> byId = new LinkedHashMap<>();
                for (GroupFinding g : enricher.enrich(report).groups()) {
                    predicted.add(g.id());
                    byId.put(g.id(), g);
                }
                labels += gold.size();
                tags += predicted.size();
                for (Map.Entry<String, String> g : gold.entrySet()) {
                    int[] c = perGroup.computeIfAbsent(g.getKey(), k -> new int[3]);
                    c[0]++;
                    if (predicted.contains(g.getKey())) {
                        tp++;
                        c[1]++;
                    } else {
                        misses.add(item.path("id").asText() + " " + g.getKey() + " <- \"" + g.getValue() + "\" | "
                                + snippet(text, 160));
                    }
                }
                for (String p : predicted) {
                    perGroup.computeIfAbsent(p, k -> new int[3])[2]++;
                    if (!gold.containsKey(p)) {
                        GroupFinding t = byId.get(p);
                        extras.add(item.path("id").asText() + " " + p + " <- \"" + t.evidence().get(0).text()
                                + "\" (" + t.resolutions().get(0).method() + ") | " + snippet(text, 160));
                    }
                }
            }
        }
        return new Result(items, labels, tags, tp, misses, extras, perGroup);
    }

    private static String snippet(String text, int max) {
        String s = text.replace('\n', ' ');
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
