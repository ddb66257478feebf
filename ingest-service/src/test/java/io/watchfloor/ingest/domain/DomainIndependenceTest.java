package io.watchfloor.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain package stays plain Java: no Kafka, Micronaut, Avro or schema classes leak into it. */
class DomainIndependenceTest {
    private static final List<String> FORBIDDEN = List.of(
            "import io.micronaut", "import org.apache.kafka", "import org.apache.avro", "import io.watchfloor.schemas",
            "import jakarta.inject");

    @Test
    void shouldNotImportFrameworkOrWireFormatTypes() throws IOException {
        Path domain = Path.of("src/main/java/io/watchfloor/ingest/domain");
        List<Path> sources;
        try (Stream<Path> files = Files.list(domain)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(sources.isEmpty(), "no domain sources found under " + domain.toAbsolutePath());
        List<String> violations = sources.stream().flatMap(p -> {
            try {
                return Files.readAllLines(p).stream()
                        .filter(line -> FORBIDDEN.stream().anyMatch(line::startsWith))
                        .map(line -> p.getFileName() + ": " + line);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(List.of(), violations);
    }
}
