package io.watchfloor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain package stays plain Java: no Kafka, Micronaut, Avro or schema classes. */
class DomainIsPlainJavaTest {
    private static final List<String> FORBIDDEN = List.of("import io.micronaut", "import org.apache.kafka",
            "import org.apache.avro", "import io.watchfloor.schemas", "import jakarta");

    @Test
    void shouldNotImportFrameworks() throws IOException {
        Path domain = Path.of("src/main/java/io/watchfloor/store/domain");
        assertTrue(Files.isDirectory(domain), "run from the module directory: " + domain.toAbsolutePath());
        try (Stream<Path> files = Files.list(domain)) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).stream().filter(l -> FORBIDDEN.stream().anyMatch(l::startsWith))
                            .map(l -> f.getFileName() + ": " + l))
                    .toList();
            assertEquals(List.of(), offenders);
        }
    }

    private static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + f, e);
        }
    }
}
