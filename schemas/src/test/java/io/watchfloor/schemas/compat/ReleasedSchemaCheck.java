package io.watchfloor.schemas.compat;

import io.watchfloor.schemas.registry.AvroCompatibility;
import io.watchfloor.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * The build-time evolution check: every current schema must read data written with each of its released
 * versions ({@code <released>/<RecordName>/v<N>.avsc}, complete self-contained schemas).
 */
final class ReleasedSchemaCheck {
    private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

    private ReleasedSchemaCheck() {
    }

    /** Problems found, empty when every released version can still be read by the current schema. */
    static List<String> check(Path currentDir, Path releasedDir) {
        Map<String, Schema> current = parseCurrent(currentDir);
        List<String> problems = new ArrayList<>();
        for (Path recordDir : list(releasedDir).stream().filter(Files::isDirectory).toList()) {
            String name = recordDir.getFileName().toString();
            List<Path> versions = list(recordDir).stream()
                    .filter(p -> VERSION_FILE.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(ReleasedSchemaCheck::versionOf))
                    .toList();
            Schema now = current.get(name);
            if (now == null) {
                problems.add(name + ": released but no longer in " + currentDir + "; a record type cannot be "
                        + "removed, publish a new .vN topic instead");
                continue;
            }
            for (Path version : versions) {
                Schema released = parseFile(new Schema.Parser(), version);
                for (String problem : AvroCompatibility.canRead(now, released, "reading " + name + " "
                        + version.getFileName())) {
                    problems.add(problem);
                }
            }
        }
        return problems;
    }

    /** The released record names that the check covers. */
    static List<String> releasedRecords(Path releasedDir) {
        return list(releasedDir).stream().filter(Files::isDirectory).map(p -> p.getFileName().toString())
                .sorted().toList();
    }

    /** Current top-level schemas by simple name; files may reference types defined in other files. */
    static Map<String, Schema> parseCurrent(Path dir) {
        List<Path> pending = new ArrayList<>(list(dir).stream()
                .filter(p -> p.getFileName().toString().endsWith(".avsc")).sorted().toList());
        Map<String, Schema> byName = new LinkedHashMap<>();
        Schema.Parser parser = new Schema.Parser();
        while (!pending.isEmpty()) {
            List<Path> failed = new ArrayList<>();
            AvroRuntimeException last = null;
            for (Path file : pending) {
                try {
                    Schema schema = parseFile(parser, file);
                    byName.put(schema.getName(), schema);
                } catch (AvroRuntimeException e) {
                    // most likely a reference to a type from a file not parsed yet: retry in the next round
                    failed.add(file);
                    last = e;
                    parser = reseed(byName);
                }
            }
            if (failed.size() == pending.size()) {
                throw new IllegalStateException("Cannot parse " + failed + ": " + last.getMessage(), last);
            }
            pending = failed;
        }
        return byName;
    }

    private static Schema.Parser reseed(Map<String, Schema> known) {
        // a failed parse may leave half-defined names behind, so start from the schemas that did parse
        Schema.Parser parser = new Schema.Parser();
        for (Schema schema : known.values()) {
            parser.parse(schema.toString());
        }
        return parser;
    }

    private static Schema parseFile(Schema.Parser parser, Path file) {
        try {
            return parser.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static int versionOf(Path file) {
        Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file.toString());
        }
        return Integer.parseInt(m.group(1));
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    /** BACKWARD_TRANSITIVE is what the check enforces; kept here so the test can say so. */
    static final CompatibilityLevel LEVEL = CompatibilityLevel.BACKWARD_TRANSITIVE;
}
