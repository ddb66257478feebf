package io.watchfloor.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.edge.kafka.ConsumerLag;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;

/**
 * {@code ./watchfloor status}: one screen for an operator: processes and their health, each consumer group's lag
 * per topic, dead letters of the last hour by stage and reason, failing or stale feed sources, failing alert
 * deliveries. Exit code 0 when every part is up, 3 otherwise.
 */
final class StatusCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusCommand() {
    }

    static int run(StackOptions options, PrintStream out) throws InterruptedException {
        Instant now = Instant.now();
        Optional<Long> pid = StackControl.runningStackPid(options);
        out.println("Watchfloor status at " + now + "  (data in " + options.home() + ")");
        out.println(pid.map(p -> "Stack process: running (pid " + p + ")")
                .orElse("Stack process: not running (./watchfloor up starts it)"));
        out.println();
        out.println("Processes and health");
        boolean allUp = health(options, out);
        boolean kafkaUp = options.brokerList().stream().anyMatch(b -> StackControl.tcp(b.port()));
        out.println();
        if (kafkaUp) {
            lag(options, out);
            out.println();
            deadLetters(options, now, out);
        } else {
            out.println("Consumer lag and dead letters: Kafka at " + options.kafkaBootstrap()
                    + " does not answer; start the stack with ./watchfloor up");
        }
        out.println();
        sources(options, now, out);
        out.println();
        deliveries(options, out);
        return pid.isPresent() && allUp ? 0 : 3;
    }

    private static boolean health(StackOptions options, PrintStream out) throws InterruptedException {
        boolean allUp;
        boolean kafka = true;
        for (StackOptions.Broker broker : options.brokerList()) {
            boolean up = StackControl.tcp(broker.port());
            kafka &= up;
            out.printf("  %-5s %-16s %s%n", up ? "UP" : "DOWN", options.brokers() == 1 ? "Kafka" : "Kafka " + broker.name(),
                    "127.0.0.1:" + broker.port() + (options.brokers() == 1 ? "" : "  (node " + broker.nodeId()
                            + ", controller 127.0.0.1:" + broker.controllerPort() + ")"));
        }
        boolean pg = StackControl.tcp(options.postgresPort());
        out.printf("  %-5s %-16s %s%n", pg ? "UP" : "DOWN", "PostgreSQL", options.jdbcUrl());
        String credentials = Files.exists(options.registryCredentialsFile()) ? options.registryCredentials() : null;
        boolean registry = Http.probe(options.registryUrl() + "/subjects", credentials).ok();
        out.printf("  %-5s %-16s %s%n", registry ? "UP" : "DOWN", "schema registry", options.registryUrl());
        allUp = kafka && pg && registry;
        // anonymous /health shows only the status; the stack's key (an operator key of every service) the reasons
        String operatorKey = Files.exists(options.apiKeyFile()) ? ApiKey.loadOrCreate(options.apiKeyFile()) : null;
        Map<String, String> services = new LinkedHashMap<>();
        services.put("ingest-service", options.ingestUrl());
        services.put("enrich-service", options.enrichUrl());
        services.put("store-service", options.storeUrl());
        services.put("alert-service", options.alertUrl());
        // extra instances (./watchfloor up --instances ...), on their own ports
        options.extraInstances().forEach((name, port) -> services.put(name, "http://127.0.0.1:" + port));
        for (var s : services.entrySet()) {
            Http.Response r = Http.probeWithKey(s.getValue() + "/health", operatorKey);
            String state;
            String detail = "";
            if (r.status() == 0) {
                state = "DOWN";
                detail = "not answering (see .watchfloor/logs/" + s.getKey() + ".log)";
            } else {
                JsonNode body = parse(r.body());
                state = body.path("status").asText(r.ok() ? "UP" : "DOWN");
                detail = downDetails(body);
            }
            allUp &= "UP".equals(state);
            out.printf("  %-5s %-16s %s%s%n", state, s.getKey(), s.getValue(), detail.isEmpty() ? "" : "  " + detail);
        }
        return allUp;
    }

    /** The health components that are not UP, with their first details, e.g. {@code store: DOWN (database: ...)}. */
    static String downDetails(JsonNode health) {
        List<String> down = new ArrayList<>();
        health.path("details").fields().forEachRemaining(f -> {
            String status = f.getValue().path("status").asText("");
            if (!status.isEmpty() && !"UP".equals(status)) {
                List<String> why = new ArrayList<>();
                f.getValue().path("details").fields().forEachRemaining(d -> {
                    if (why.size() < 3 && d.getValue().isValueNode()) {
                        String v = d.getValue().asText();
                        if (v.contains("DOWN") || d.getKey().contains("rror") || d.getKey().equals("unavailable")
                                || d.getKey().equals("consumer") || d.getKey().equals("intake")) {
                            why.add(d.getKey() + ": " + DeadLetterCommand.abbreviate(v, 80));
                        }
                    }
                });
                down.add(f.getKey() + " " + status + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")"));
            }
        });
        return String.join(", ", down);
    }

    private static void lag(StackOptions options, PrintStream out) throws InterruptedException {
        out.println("Consumer lag (records each group has not yet committed, per topic; partitions with lag)");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafkaBootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            Collection<GroupListing> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
                    .get(10, TimeUnit.SECONDS);
            List<String> names = groups.stream().map(GroupListing::groupId).filter(g -> !g.startsWith("watchfloor-"))
                    .sorted().toList();
            List<ConsumerLag.PartitionLag> lags = ConsumerLag.of(admin, names, Duration.ofSeconds(15));
            if (lags.isEmpty()) {
                out.println("  no consumer group has committed offsets yet");
                return;
            }
            for (String line : lagLines(lags)) {
                out.println("  " + line);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            out.println("  not available: " + e.getMessage());
        }
    }

    /** One line per group and topic: total lag, then the partitions that lag. */
    static List<String> lagLines(List<ConsumerLag.PartitionLag> lags) {
        Map<String, List<ConsumerLag.PartitionLag>> byGroupTopic = new TreeMap<>();
        for (ConsumerLag.PartitionLag l : lags) {
            byGroupTopic.computeIfAbsent(l.group() + "\u0000" + l.topic(), k -> new ArrayList<>()).add(l);
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-26s %-32s %8s  %s", "group", "topic", "lag", "partitions with lag"));
        for (List<ConsumerLag.PartitionLag> rows : byGroupTopic.values()) {
            long total = rows.stream().mapToLong(ConsumerLag.PartitionLag::lag).sum();
            List<String> lagging = rows.stream().filter(r -> r.lag() > 0).map(r -> r.partition() + ":" + r.lag())
                    .toList();
            lines.add(String.format("%-26s %-32s %8d  %s", rows.get(0).group(), rows.get(0).topic(), total,
                    lagging.isEmpty() ? "(none, " + rows.size() + " partitions caught up)"
                            : String.join(" ", lagging)));
        }
        return lines;
    }

    private static void deadLetters(StackOptions options, Instant now, PrintStream out) {
        Instant since = now.minus(Duration.ofHours(1));
        out.println("Dead letters in the last hour (by topic, service, stage and reason)");
        try (DeadLetterLog log = new DeadLetterLog(options.kafkaBootstrap())) {
            List<DeadLetterEntry> entries = log.read(since);
            if (entries.isEmpty()) {
                out.println("  none");
                return;
            }
            for (DeadLetterLog.Group g : DeadLetterLog.summarize(entries)) {
                out.printf("  %-24s %-15s %-13s %-32s %4d  last %s: %s%n", g.topic(), g.service(), g.stage(),
                        g.reason(), g.count(), g.last(), DeadLetterCommand.abbreviate(g.lastMessage(), 80));
            }
            out.println("  details: ./watchfloor dlq list --since 1h; replay: ./watchfloor dlq replay --id <id>");
        } catch (RuntimeException e) {
            out.println("  not available: " + e.getMessage());
        }
    }

    private static void sources(StackOptions options, Instant now, PrintStream out) throws InterruptedException {
        out.println("Feed sources (GET " + options.ingestUrl() + "/sources)");
        Http.Response r = Http.probe(options.ingestUrl() + "/sources");
        if (!r.ok()) {
            out.println("  not available: ingest-service does not answer");
            return;
        }
        JsonNode sources = parse(r.body());
        JsonNode items = sources.isArray() ? sources : sources.path("items");
        if (!items.isArray() || items.isEmpty()) {
            out.println("  no feed sources registered (POST /sources adds one)");
            return;
        }
        int ok = 0;
        List<String> bad = new ArrayList<>();
        for (JsonNode s : items) {
            String verdict = sourceVerdict(s, now);
            if ("OK".equals(verdict) || "NEVER_POLLED".equals(verdict)) {
                ok++;
            } else {
                JsonNode h = s.path("health");
                bad.add(String.format("%-8s %s (%s): %s", verdict, s.path("name").asText(), s.path("id").asText(),
                        "FAILING".equals(verdict)
                                ? h.path("consecutiveFailures").asInt() + " failed poll(s) in a row, last error: "
                                        + DeadLetterCommand.abbreviate(h.path("lastError").asText(null), 100)
                                : "nothing new for " + h.path("emptyPollStreak").asInt() + " poll(s), last success "
                                        + h.path("lastSuccessAt").asText("never")));
            }
        }
        out.printf("  %d source(s): %d fine, %d failing or stale%n", items.size(), ok, bad.size());
        bad.forEach(b -> out.println("    " + b));
    }

    /**
     * FAILING, STALE or the source's own status. Uses the status ingest reports (which already says STALE or
     * FAILING); for an older ingest, falls back on the counters: failing polls in a row, or no new item for
     * several intervals.
     */
    static String sourceVerdict(JsonNode source, Instant now) {
        JsonNode h = source.path("health");
        String status = h.path("status").asText("NEVER_POLLED");
        if ("FAILING".equals(status) || "STALE".equals(status)) {
            return status;
        }
        if (h.path("consecutiveFailures").asInt() >= 3) {
            return "FAILING";
        }
        if (h.path("emptyPollStreak").asInt() >= 6) {
            return "STALE";
        }
        return status;
    }

    private static void deliveries(StackOptions options, PrintStream out) throws InterruptedException {
        out.println("Alert deliveries (GET " + options.alertUrl() + "/subscriptions and their delivery logs)");
        Http.Response r = Http.probe(options.alertUrl() + "/subscriptions");
        if (!r.ok()) {
            out.println("  not available: alert-service does not answer");
            return;
        }
        JsonNode subs = parse(r.body());
        JsonNode items = subs.isArray() ? subs : subs.path("items");
        int withWebhook = 0;
        List<String> failing = new ArrayList<>();
        for (JsonNode s : items) {
            JsonNode webhook = s.path("webhook");
            if (webhook.isMissingNode() || webhook.isNull()) {
                continue;
            }
            withWebhook++;
            String id = s.path("id").asText();
            String name = s.path("name").asText();
            if (webhook.path("disabled").asBoolean(false)) {
                failing.add(String.format("DISABLED  %s (%s): %s", name, id,
                        webhook.path("disabledReason").asText("the receiver answered 410 Gone")));
                continue;
            }
            Http.Response log = Http.probe(options.alertUrl() + "/subscriptions/"
                    + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/deliveries?limit=20");
            if (!log.ok()) {
                continue;
            }
            JsonNode attempts = parse(log.body()).path("items");
            if (attempts.isArray() && !attempts.isEmpty()) {
                JsonNode last = attempts.get(0);
                String outcome = last.path("outcome").asText();
                long failed = 0;
                for (JsonNode a : attempts) {
                    if ("FAILED".equals(a.path("outcome").asText())) {
                        failed++;
                    }
                }
                if (!"DELIVERED".equals(outcome) && !"SKIPPED".equals(outcome) || failed > 0) {
                    failing.add(String.format("%-9s %s (%s): last attempt %s%s; %d dead-lettered of the last %d",
                            outcome, name, id, last.path("attemptedAt").asText(),
                            last.hasNonNull("error") ? " " + DeadLetterCommand.abbreviate(last.path("error")
                                    .asText(), 80) : last.hasNonNull("status") ? " HTTP "
                                    + last.path("status").asInt() : "", failed, attempts.size()));
                }
            }
        }
        out.printf("  %d subscription(s), %d with a webhook, %d failing%n", items.size(), withWebhook,
                failing.size());
        failing.forEach(f -> out.println("    " + f));
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }
}
