package io.watchfloor.enrich.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.Enricher;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.EventFinding;
import io.watchfloor.enrich.domain.GroupFinding;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.TopicFinding;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code watchfloor tag}: reads JSON Lines reports ({@code {"id","title"?,"text","publishedAt"?}}) from stdin or
 * {@code --in FILE} and writes one JSON line of groups, entities, events and topics per report. Bad lines produce an
 * error line naming the line number and processing goes on; progress goes to stderr every {@code --progress N} lines.
 */
public final class TagCommand {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Enricher enricher;
    private final int progressEvery;

    public TagCommand(Enricher enricher, int progressEvery) {
        this.enricher = enricher;
        this.progressEvery = progressEvery;
    }

    public static void main(String[] args) throws IOException {
        Path in = null;
        int progress = 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in" -> in = Path.of(args[++i]);
                case "--progress" -> progress = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: watchfloor tag [--in FILE] [--progress N] < reports.jsonl");
                    return;
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; usage: watchfloor tag [--in FILE] [--progress N]");
            }
        }
        TagCommand command = new TagCommand(DefaultEnricher.fromClasspath(), progress);
        try (Reader reader = in == null ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
                : Files.newBufferedReader(in, StandardCharsets.UTF_8);
             Writer writer = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
            command.run(reader, writer, System.err);
        }
    }

    /** Tags every line; returns the number of lines that failed. */
    public long run(Reader input, Writer output, PrintStream progress) throws IOException {
        BufferedReader in = input instanceof BufferedReader b ? b : new BufferedReader(input);
        long lineNo = 0;
        long failed = 0;
        long bytes = 0;
        long started = System.nanoTime();
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            bytes += line.length();
            if (line.isBlank()) {
                continue;
            }
            String out;
            try {
                out = MAPPER.writeValueAsString(tagLine(line));
            } catch (IllegalArgumentException | IOException e) {
                failed++;
                ObjectNode error = MAPPER.createObjectNode();
                error.put("line", lineNo);
                error.put("error", e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0]);
                out = MAPPER.writeValueAsString(error);
            }
            output.write(out);
            output.write('\n');
            if (progressEvery > 0 && lineNo % progressEvery == 0) {
                double secs = (System.nanoTime() - started) / 1e9;
                progress.printf("tag: %d lines, %d failed, %.1f lines/s, %.2f MB/s%n", lineNo, failed,
                        lineNo / secs, bytes / secs / 1e6);
            }
        }
        output.flush();
        double secs = (System.nanoTime() - started) / 1e9;
        progress.printf("tag: done, %d lines, %d failed, %.1f s%n", lineNo, failed, secs);
        return failed;
    }

    ObjectNode tagLine(String line) throws IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object per line");
        }
        if (!node.hasNonNull("id") || !node.path("id").isValueNode()) {
            throw new IllegalArgumentException("missing \"id\"");
        }
        if (!node.path("text").isTextual()) {
            throw new IllegalArgumentException("missing or non-string \"text\"");
        }
        String id = node.path("id").asText();
        String title = node.path("title").isTextual() ? node.path("title").asText() : null;
        List<String> sourceActors = new java.util.ArrayList<>();
        node.path("sourceActors").forEach(a -> {
            if (a.isTextual()) {
                sourceActors.add(a.asText());
            }
        });
        ReportText report = new ReportText(id, title, node.path("text").asText(),
                parseTime(node.path("publishedAt").isTextual() ? node.path("publishedAt").asText() : null),
                sourceActors);
        return toJson(id, enricher.enrich(report));
    }

    static Instant parseTime(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw new IllegalArgumentException("unreadable \"publishedAt\": " + s
                            + " (use ISO-8601, e.g. 2025-07-01T12:00:00Z or 2025-07-01)");
                }
            }
        }
    }

    static ObjectNode toJson(String id, Enrichment e) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", id);
        ArrayNode groups = root.putArray("groups");
        for (GroupFinding g : e.groups()) {
            ObjectNode o = groups.addObject();
            o.put("id", g.id());
            o.put("name", g.name());
            o.put("wikipedia", g.externalRefs().get("wikipedia"));
            o.put("kind", g.kind());
            o.put("score", g.score());
            o.put("role", g.role());
            if (g.affiliation() != null) {
                o.put("affiliation", g.affiliation());
            }
            if (g.producer() != null && "source".equals(g.producer().name())) {
                o.put("producer", "source"); // asserted by the report's source (STIX / MISP), not found by Watchfloor
            }
            spans(o.putArray("evidence"), g.evidence());
            ArrayNode res = o.putArray("resolutions");
            g.resolutions().forEach(r -> res.addObject().put("surface", r.surface()).put("alias", r.alias())
                    .put("method", r.method()).put("source", r.source()));
        }
        ArrayNode entities = root.putArray("entities");
        for (EntityFinding t : e.entities()) {
            ObjectNode o = entities.addObject();
            o.put("type", t.type());
            o.put("id", t.id());
            o.put("name", t.name());
            o.put("score", t.score());
            o.put("producer", t.producer() == null ? null : t.producer().name() + "@" + t.producer().version());
            spans(o.putArray("mentions"), t.mentions());
        }
        ArrayNode events = root.putArray("events");
        for (EventFinding ev : e.events()) {
            ObjectNode o = events.addObject();
            o.put("name", ev.name());
            o.put("type", ev.type());
            o.put("temporal", ev.temporal());
            o.put("date", ev.date());
            o.put("score", ev.score());
            spans(o.putArray("mentions"), ev.mentions());
        }
        ArrayNode topics = root.putArray("topics");
        for (TopicFinding t : e.topics()) {
            ObjectNode o = topics.addObject();
            o.put("name", t.name());
            o.put("score", t.score());
            spans(o.putArray("evidence"), t.evidence());
        }
        root.put("catalogVersion", e.catalogVersion());
        root.put("enricherVersion", e.enricherVersion());
        if (!e.warnings().isEmpty()) {
            ArrayNode w = root.putArray("warnings");
            e.warnings().forEach(w::add);
        }
        return root;
    }

    private static void spans(ArrayNode array, List<Evidence> spans) {
        for (Evidence s : spans) {
            ObjectNode o = array.addObject();
            o.put("start", s.start());
            o.put("end", s.end());
            o.put("text", s.text());
            if (Evidence.TITLE.equals(s.field())) {
                o.put("field", Evidence.TITLE);
            }
        }
    }
}
