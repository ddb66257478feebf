package io.watchfloor.bench;

import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.catalog.CatalogAlias;
import io.watchfloor.enrich.domain.catalog.CatalogGroup;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.enrich.domain.groups.GroupMatcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The group matcher with >= 20,000 aliases (the real catalog plus generated names) against two
 * baselines on the same text: a loop of one case-insensitive word-boundary regex per alias, and one
 * big alternation regex. Plus the whole default enricher on the same text (MB/s = text MB / time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class MatcherBenchmark {
    static final int TARGET_ALIASES = 20_000;

    GroupMatcher matcher;
    List<Pattern> perAlias;
    Pattern alternation;
    DefaultEnricher enricher;
    ReportText report;
    int aliasCount;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        GroupCatalog real = GroupCatalog.fromClasspath();
        List<CatalogGroup> groups = new ArrayList<>(real.groups());
        Random random = new Random(42);
        int aliases = groups.stream().mapToInt(g -> g.aliases().size()).sum();
        int n = 0;
        while (aliases < TARGET_ALIASES) {
            List<CatalogAlias> synthetic = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                synthetic.add(CatalogAlias.plain(syntheticName(random), false, "benchmark"));
            }
            groups.add(new CatalogGroup("synthetic-" + n++, synthetic.get(0).text(), "militant", null, null,
                    List.of(), Map.of(), synthetic));
            aliases += synthetic.size();
        }
        GroupCatalog big = new GroupCatalog(real.version() + "+synthetic", groups, Map.of());
        matcher = new GroupMatcher(big);
        aliasCount = matcher.aliasCount();

        List<String> all = groups.stream().flatMap(g -> g.aliases().stream()).map(CatalogAlias::text)
                .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        perAlias = all.stream()
                .map(a -> Pattern.compile("(?<!\\w)" + Pattern.quote(a) + "(?!\\w)",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
                .toList();
        alternation = Pattern.compile("(?<!\\w)(?:" + all.stream().map(Pattern::quote)
                .collect(Collectors.joining("|")) + ")(?!\\w)", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        enricher = DefaultEnricher.fromClasspath();
        report = new ReportText("bench", "Benchmark", text(), null);
        System.err.printf("aliases in matcher: %d, regex patterns: %d, text: %d chars%n", aliasCount, perAlias.size(),
                report.text().length());
    }

    static String text() throws IOException {
        Path wiki = Path.of(System.getProperty("bench.texts",
                "../shared/data/dev-eval/wikipedia-current-events-2025-09-14_2026-02-28.jsonl"));
        StringBuilder sb = new StringBuilder();
        if (Files.exists(wiki)) {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (String line : Files.readAllLines(wiki, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    sb.append(json.readTree(line).path("text").asText()).append("\n\n");
                }
                if (sb.length() > 20_000) {
                    break;
                }
            }
        } else {
            while (sb.length() < 20_000) {
                sb.append("Officials said the Islamic State Khorasan Province claimed the attack near Kabul, while "
                        + "Tehreek-e-Taliban Pakistan denied involvement. Al-Qaeda was not mentioned.\n");
            }
        }
        return sb.toString();
    }

    private static String syntheticName(Random random) {
        String[] first = {"Jamaat", "Harakat", "Liwa", "Kataib", "Ansar", "Jabhat", "Saraya", "Tanzim", "Front",
            "Brigade", "Movement", "Army", "Council", "Legion", "Battalion"};
        StringBuilder sb = new StringBuilder(first[random.nextInt(first.length)]).append(' ');
        for (int w = 0; w < 2; w++) {
            int len = 5 + random.nextInt(5);
            sb.append((char) ('A' + random.nextInt(26)));
            for (int i = 1; i < len; i++) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            sb.append(w == 0 ? " " : "");
        }
        return sb.toString();
    }

    @Benchmark
    public int groupMatcher() {
        return matcher.match(report).size();
    }

    @Benchmark
    public int regexPerAliasLoop() {
        int found = 0;
        for (Pattern p : perAlias) {
            Matcher m = p.matcher(report.text());
            while (m.find()) {
                found++;
            }
        }
        return found;
    }

    @Benchmark
    public int regexAlternation() {
        int found = 0;
        Matcher m = alternation.matcher(report.text());
        while (m.find()) {
            found++;
        }
        return found;
    }

    @Benchmark
    public int wholeEnricher() {
        return enricher.enrich(report).entities().size();
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args.length > 0 ? args : new String[] {MatcherBenchmark.class.getName()});
    }
}
