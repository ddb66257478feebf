package io.watchfloor.enrich.domain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The domain layer stays plain Java: no Kafka, Micronaut or Avro imports under io.watchfloor.enrich.domain. */
class DomainLayerTest {

    @Test
    void shouldKeepDomainFreeOfKafkaMicronautAndAvro() throws IOException {
        Path domain = Path.of("src/main/java/io/watchfloor/enrich/domain");
        if (!Files.isDirectory(domain)) {
            domain = Path.of("enrich-service").resolve(domain);
        }
        assertTrue(Files.isDirectory(domain), "domain sources not found from " + Path.of("").toAbsolutePath());
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(domain)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    boolean forbidden = line.contains("org.apache.kafka") || line.contains("io.micronaut")
                            || line.contains("org.apache.avro") || line.contains("io.watchfloor.schemas.avro");
                    if (line.startsWith("import") && forbidden) {
                        offenders.add(domain.relativize(f) + ": " + line);
                    }
                }
            }
        }
        assertTrue(offenders.isEmpty(), "domain must stay plain Java: " + offenders);
    }
}
