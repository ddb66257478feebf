package io.watchfloor.alert.domain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert domain stays plain Java: no Kafka, Micronaut, Avro or JDBC imports under
 * io.watchfloor.alert.domain.
 */
class DomainLayerTest {

    @Test
    void shouldKeepDomainFreeOfKafkaMicronautAvroAndJdbc() throws IOException {
        Path domain = Path.of("src/main/java/io/watchfloor/alert/domain");
        if (!Files.isDirectory(domain)) {
            domain = Path.of("alert-service").resolve(domain);
        }
        assertTrue(Files.isDirectory(domain), "domain sources not found from "
                + Path.of("").toAbsolutePath());
        List<String> offenders = new ArrayList<>();
        int files = 0;
        try (Stream<Path> walk = Files.walk(domain)) {
            for (Path f : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                for (String line : Files.readAllLines(f)) {
                    boolean forbidden = line.contains("org.apache.kafka") || line.contains("io.micronaut")
                            || line.contains("org.apache.avro") || line.contains("io.watchfloor.schemas")
                            || line.contains("java.sql") || line.contains("javax.sql")
                            || line.contains("io.watchfloor.enrich.topology")
                            || line.contains("io.watchfloor.enrich.kafka");
                    if (line.startsWith("import") && forbidden) {
                        offenders.add(domain.relativize(f) + ": " + line);
                    }
                }
            }
        }
        assertTrue(files > 20, "expected the domain sources, found " + files);
        assertTrue(offenders.isEmpty(), "domain must stay plain Java: " + offenders);
    }
}
