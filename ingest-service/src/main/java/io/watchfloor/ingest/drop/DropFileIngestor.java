package io.watchfloor.ingest.drop;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchfloor.ingest.domain.InvalidSubmissionException;
import io.watchfloor.ingest.domain.Submission;
import io.watchfloor.ingest.intake.BatchItemResult;
import io.watchfloor.ingest.intake.MispEventParser;
import io.watchfloor.ingest.intake.PublishException;
import io.watchfloor.ingest.intake.ReportIngestor;
import io.watchfloor.ingest.intake.ReportRequestParser;
import io.watchfloor.ingest.intake.StixBundleParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ingests one dropped file by its type: {@code .txt} (text; first line = title), {@code .html}/{@code .htm},
 * {@code .json} (a /reports body, a STIX bundle when {@code "type": "bundle"}, a MISP event when it has
 * {@code "Event"}), {@code .jsonl}/{@code .ndjson} (a batch). Says whether the file is done, failed or to retry.
 */
public final class DropFileIngestor {

    /** What became of a file: DONE (all written), FAILED (invalid, with reasons) or RETRY (Kafka unavailable). */
    public enum Status { DONE, FAILED, RETRY }

    /** The outcome of one file. */
    public record Outcome(Status status, int accepted, List<String> errors) {
    }

    private final ReportIngestor ingestor;
    private final ReportRequestParser json = new ReportRequestParser();
    private final StixBundleParser stix = new StixBundleParser(json);
    private final MispEventParser misp = new MispEventParser(json);
    private final long maxFileBytes;
    private final int maxItems;

    public DropFileIngestor(ReportIngestor ingestor, long maxFileBytes, int maxItems) {
        this.ingestor = ingestor;
        this.maxFileBytes = maxFileBytes;
        this.maxItems = maxItems;
    }

    /** Whether the file name has a type this ingestor reads. */
    public static boolean supported(Path file) {
        return type(file) != null;
    }

    public Outcome ingest(Path file) throws IOException {
        String type = type(file);
        if (type == null) {
            return failed("Unsupported file type; drop .txt, .html, .json, .jsonl or .ndjson files");
        }
        byte[] bytes = read(file);
        if (bytes == null) {
            return failed("The file is larger than " + maxFileBytes + " bytes; split it or send it over HTTP");
        }
        try {
            return switch (type) {
                case "txt" -> single(textSubmission(file, utf8(bytes), false));
                case "html" -> single(textSubmission(file, utf8(bytes), true));
                case "jsonl" -> items(json.parseBatch(bytes, true, maxItems));
                default -> jsonFile(bytes);
            };
        } catch (InvalidSubmissionException e) {
            return failed(describe(e.field(), e.getMessage(), e.hint()));
        } catch (PublishException e) {
            return e.retriable() ? new Outcome(Status.RETRY, 0, List.of(e.getMessage()))
                    : failed(e.getMessage());
        }
    }

    private Outcome jsonFile(byte[] bytes) {
        JsonNode root = json.readJson(bytes);
        if (root.isObject() && "bundle".equals(root.path("type").asText(null))) {
            return items(stix.parse(bytes, maxItems));
        }
        if (root.isObject() && (root.has("Event") || root.has("response"))) {
            return items(misp.parse(bytes, maxItems));
        }
        if (root.isArray()) {
            return items(json.parseBatch(bytes, false, maxItems));
        }
        ingestor.ingest(bytes);
        return new Outcome(Status.DONE, 1, List.of());
    }

    private Outcome single(Submission submission) {
        ingestor.ingestSubmission(submission);
        return new Outcome(Status.DONE, 1, List.of());
    }

    private Outcome items(List<ReportRequestParser.Item> items) {
        ReportIngestor.BatchOutcome outcome = ingestor.ingestItems(items);
        List<String> errors = new ArrayList<>();
        boolean retry = false;
        for (BatchItemResult result : outcome.response().results()) {
            if (BatchItemResult.FAILED.equals(result.status())) {
                retry = true;
                errors.add("item " + result.index() + ": " + result.error());
            } else if (BatchItemResult.REJECTED.equals(result.status())) {
                errors.add("item " + result.index() + ": " + describe(result.field(), result.error(), result.hint()));
            }
        }
        Status status = retry ? Status.RETRY : errors.isEmpty() ? Status.DONE : Status.FAILED;
        return new Outcome(status, outcome.response().accepted(), List.copyOf(errors));
    }

    private static Submission textSubmission(Path file, String content, boolean html) {
        Submission.Builder builder = Submission.builder()
                .source("file", file.getFileName().toString(), null)
                .itemId(file.getFileName().toString());
        if (html) {
            return builder.html(content).build();
        }
        String title = content.strip().lines().findFirst().orElse("").strip();
        return builder.title(title.length() > 300 ? title.substring(0, 300) : title).text(content).build();
    }

    private byte[] read(Path file) throws IOException {
        if (Files.size(file) > maxFileBytes) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) maxFileBytes + 1);
            return bytes.length > maxFileBytes ? null : bytes;
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidSubmissionException(null, "The file is not valid UTF-8", "Save the file as UTF-8");
        }
    }

    private static String type(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".txt")) {
            return "txt";
        }
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            return "html";
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return "jsonl";
        }
        if (name.endsWith(".json")) {
            return "json";
        }
        return null;
    }

    private static String describe(String field, String error, String hint) {
        return (field == null ? "" : "[" + field + "] ") + error + (hint == null ? "" : " -- " + hint);
    }

    private static Outcome failed(String error) {
        return new Outcome(Status.FAILED, 0, List.of(error));
    }
}
