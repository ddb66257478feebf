package io.watchfloor.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring profile names only what the services export: Prometheus scrapes each service's /prometheus at
 * its compose name and port, and every metric the Grafana dashboard queries is one the services export
 * ({@link ExportedMetrics}, checked live by OperationsIT) and docs/operations.md documents.
 */
class MonitoringConfigTest {
    /** Compose service name to the port its /prometheus answers on (the services' application.yml defaults). */
    private static final Map<String, Integer> SERVICES = Map.of("ingest-service", 8080, "enrich-service", 8083,
            "store-service", 8082, "alert-service", 8085);
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** PromQL functions, aggregations and keywords, which look like names. */
    private static final Set<String> PROMQL = Set.of("sum", "by", "rate", "increase", "histogram_quantile", "max",
            "min", "avg", "count", "without", "irate", "le", "offset", "on", "ignoring", "group_left", "bool", "and",
            "or", "unless", "topk", "bottomk", "abs", "clamp_min", "delta", "deriv");
    private final Path repo = StackOptions.findRepoRoot(Path.of("").toAbsolutePath());

    @Test
    @SuppressWarnings("unchecked")
    void shouldScrapeEveryServiceAtItsPrometheusEndpoint() throws Exception {
        Map<String, Object> config = new Yaml().load(Files.readString(repo.resolve("monitoring/prometheus.yml")));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        Set<String> targets = new TreeSet<>();
        for (Map<String, Object> job : jobs) {
            assertEquals("/prometheus", job.get("metrics_path"), "every service serves /prometheus");
            for (Map<String, Object> group : (List<Map<String, Object>>) job.get("static_configs")) {
                targets.addAll((List<String>) group.get("targets"));
            }
        }
        Set<String> expected = new TreeSet<>();
        SERVICES.forEach((name, port) -> expected.add(name + ":" + port));
        assertEquals(expected, targets);

        Map<String, Object> compose = new Yaml().load(Files.readString(repo.resolve("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        for (String name : SERVICES.keySet()) {
            assertTrue(services.containsKey(name), "scraped " + name + " is a compose service");
        }
        for (String monitoring : List.of("prometheus", "grafana")) {
            Map<String, Object> service = (Map<String, Object>) services.get(monitoring);
            assertEquals(List.of("monitoring"), service.get("profiles"), monitoring + " runs only with the profile");
        }
        String volumes = String.valueOf(((Map<String, Object>) services.get("prometheus")).get("volumes"));
        assertTrue(volumes.contains("./monitoring/prometheus.yml"), volumes);
    }

    @Test
    void shouldQueryOnlyExportedAndDocumentedMetricsInTheDashboard() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(repo.resolve(
                "monitoring/grafana/dashboards/watchfloor.json").toFile());
        String docs = Files.readString(repo.resolve("docs/operations.md"));
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr")
                .asText())));
        assertTrue(expressions.size() >= 8, "panels for throughput, lag, dead letters and latency");
        Set<String> used = new TreeSet<>();
        for (String expr : expressions) {
            used.addAll(metricNames(expr));
        }
        Set<String> exported = ExportedMetrics.all();
        for (String name : used) {
            assertTrue(exported.contains(name), "the dashboard queries " + name + ", which no service is known "
                    + "to export (ExportedMetrics, checked by OperationsIT)");
            String family = name.replaceAll("_(bucket|count|sum)$", "");
            assertTrue(docs.contains(name) || docs.contains(family), name + " is not documented in "
                    + "docs/operations.md");
        }
        for (String topic : List.of("watchfloor_consumer_lag", "watchfloor_dead_letters_total",
                "watchfloor_pipeline_ingest_to_stored_seconds_bucket", "watchfloor_store_reports_stored_total")) {
            assertTrue(used.contains(topic), "the dashboard shows " + topic);
        }
        assertFalse(used.isEmpty());
    }

    @Test
    void shouldDocumentEveryExportedName() throws Exception {
        String docs = Files.readString(repo.resolve("docs/operations.md"));
        for (String name : ExportedMetrics.all()) {
            String family = name.replaceAll("_(bucket|count|sum)$", "");
            assertTrue(docs.contains(family), family + " is exported but not documented in docs/operations.md");
        }
    }

    /** The metric names of a PromQL expression: identifiers outside label matchers, strings and functions. */
    static Set<String> metricNames(String expr) {
        String stripped = expr.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "").replaceAll("by \\([^)]*\\)", "").replaceAll("without \\([^)]*\\)", "");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(stripped);
        while (m.find()) {
            String token = m.group();
            if (!PROMQL.contains(token) && !token.matches("\\d.*")) {
                names.add(token);
            }
        }
        return names;
    }
}
