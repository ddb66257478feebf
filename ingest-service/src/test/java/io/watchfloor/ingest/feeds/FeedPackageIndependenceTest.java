package io.watchfloor.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The feeds core stays plain Java: Micronaut, Kafka and Avro belong in feeds.api only. */
class FeedPackageIndependenceTest {

    private static final List<String> FORBIDDEN = List.of("import io.micronaut", "import org.apache.kafka",
            "import org.apache.avro", "import io.watchfloor.schemas", "import jakarta.inject",
            "import io.watchfloor.ingest.kafka", "import io.watchfloor.ingest.api");

    @Test
    void shouldNotImportFrameworkOrWireFormatTypes() throws IOException {
        Path feeds = Path.of("src/main/java/io/watchfloor/ingest/feeds");
        List<Path> sources;
        try (Stream<Path> files = Files.list(feeds)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(sources.isEmpty(), "no feeds sources found under " + feeds.toAbsolutePath());
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
