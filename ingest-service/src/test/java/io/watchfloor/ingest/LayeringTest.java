package io.watchfloor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain and feeds packages stay plain Java: framework and wire-format types live in api/kafka only. */
class LayeringTest {
    private static final List<String> FRAMEWORK = List.of("import io.micronaut", "import org.apache.kafka",
            "import org.apache.avro", "import io.watchfloor.schemas", "import jakarta.inject");

    @Test
    void shouldKeepTheDomainPackageFreeOfFrameworkAndWireFormatTypes() {
        assertEquals(List.of(), violations("domain", FRAMEWORK));
    }

    @Test
    void shouldKeepTheFeedsCoreFreeOfFrameworkTypesAndOfTheApiAndKafkaGlue() {
        List<String> forbidden = Stream.concat(FRAMEWORK.stream(),
                Stream.of("import io.watchfloor.ingest.kafka", "import io.watchfloor.ingest.api")).toList();
        assertEquals(List.of(), violations("feeds", forbidden));
    }

    /** Import lines of the package's own sources (not sub-packages) that start with a forbidden prefix. */
    private static List<String> violations(String packageDir, List<String> forbidden) {
        Path dir = Path.of("src/main/java/io/watchfloor/ingest", packageDir);
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertFalse(sources.isEmpty(), "no sources found under " + dir.toAbsolutePath());
        return sources.stream().flatMap(p -> {
            try {
                return Files.readAllLines(p).stream()
                        .filter(line -> forbidden.stream().anyMatch(line::startsWith))
                        .map(line -> p.getFileName() + ": " + line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
