package io.watchfloor.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Avro schema-evolution rules as Confluent's registry applies them, built on {@link SchemaCompatibility}.
 * Shared by the local registry and the build-time check against released schema versions.
 */
public final class AvroCompatibility {
    private AvroCompatibility() {
    }

    /**
     * Checks a candidate against earlier versions (oldest first) under a level. Returns the problems found,
     * empty when compatible. Non-transitive levels compare with the latest earlier version only.
     */
    public static List<String> check(CompatibilityLevel level, Schema candidate, List<Schema> previousOldestFirst) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || previousOldestFirst.isEmpty()) {
            return problems;
        }
        List<Schema> against = level.transitive()
                ? previousOldestFirst
                : List.of(previousOldestFirst.get(previousOldestFirst.size() - 1));
        for (int i = 0; i < against.size(); i++) {
            Schema previous = against.get(i);
            String which = level.transitive() ? "version #" + (i + 1) + " of " + against.size() : "the latest version";
            if (level.backward()) {
                problems.addAll(canRead(candidate, previous, "new schema cannot read data written with " + which));
            }
            if (level.forward()) {
                problems.addAll(canRead(previous, candidate, which + " cannot read data written with the new schema"));
            }
        }
        return problems;
    }

    /** Problems a reader schema has reading data written with a writer schema, each prefixed with context. */
    public static List<String> canRead(Schema reader, Schema writer, String context) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        List<String> problems = new ArrayList<>();
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(context + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                    + ": " + incompatibility.getMessage());
        }
        return problems;
    }
}
