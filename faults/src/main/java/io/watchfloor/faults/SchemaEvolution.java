package io.watchfloor.faults;

import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Test 20: schema evolution under load. At 20% of the load a compatible change of the raw topic's value schema (a
 * new optional field, default null) is registered with the registry's REST API under {@code
 * threat.reports.raw.v1-value}; 1% of the load (at least 3) raw reports written with it (the new schema id in the
 * wire format) are produced straight to the raw topic while ingest keeps writing the load with the old one. At 80%
 * two incompatible changes (a field's type changed, a new field without a default) must be refused with 409, and
 * the subject's versions must be unchanged by them. Every old-schema and new-schema report must be stored.
 */
final class SchemaEvolution implements FaultTest {
    /** The new field's name: this, then the run's marker (a stack that ran test 20 before gets another field). */
    static final String NEW_FIELD = "faultSuiteNote";

    private final Map<String, Integer> evolvedIds = new LinkedHashMap<>();
    private final Map<String, String> refused = new LinkedHashMap<>();
    private String field = NEW_FIELD;
    private int oldId = -1;
    private int newId = -1;
    private String compatibleAnswer = "";
    private String versionsBefore = "";
    private String versionsAfter = "";

    @Override
    public int number() {
        return 20;
    }

    @Override
    public String name() {
        return "schema evolution";
    }

    @Override
    public String fault() {
        return "schema change";
    }

    /** The compatible change and the two incompatible ones. */
    @Override
    public int planned(SuiteConfig config) {
        return 3;
    }

    int evolvedReports(SuiteConfig config) {
        return Math.max(3, config.scale() / 100);
    }

    @Override
    public void inject(TestRun run) throws Exception {
        evolvedIds.clear();
        refused.clear();
        oldId = newId = -1;
        run.atFraction(0.2);
        String subject = "/subjects/" + RawRecords.RAW_SUBJECT;
        RawRecords.Answer latest = RawRecords.registry(run.stack, "GET", subject + "/versions/latest", null);
        if (latest.status() != 200) {
            throw new IllegalStateException("GET " + subject + "/versions/latest: " + latest);
        }
        oldId = latest.json().path("id").asInt(-1);
        Schema base = new Schema.Parser().parse(latest.json().path("schema").asText());
        field = NEW_FIELD + "_" + run.marker.replaceAll("[^A-Za-z0-9_]", "_");
        Schema evolved = EvolvedSchemas.withOptionalField(base, field);
        RawRecords.Answer registered = RawRecords.registry(run.stack, "POST", subject + "/versions",
                EvolvedSchemas.registration(evolved));
        compatibleAnswer = registered.status() + " " + registered.body();
        newId = registered.status() == 200 ? registered.json().path("id").asInt(-1) : -1;
        run.status("compatible change (new optional field " + field + ") registered: " + compatibleAnswer
                + "; old schema id " + oldId);
        if (newId < 0) {
            throw new IllegalStateException("the registry refused the compatible change: " + compatibleAnswer);
        }
        run.faultDone();
        int n = evolvedReports(run.config);
        try (KafkaProducer<String, byte[]> producer = RawRecords.producer(run.probe)) {
            for (int i = 0; i < n; i++) {
                run.atFraction(0.3 + 0.4 * i / n);
                String id = "r-" + run.marker + "-v2-" + i;
                RawReport report = RawRecords.report(id, "[" + run.marker + "-v2-" + i + "] written with the new "
                        + "schema", "A report of test 20 written with the evolved raw schema (" + id + ").");
                RawRecords.produce(producer, id, EvolvedSchemas.wireFormat(report, evolved, field,
                        "note " + i, newId));
                evolvedIds.put(id, newId);
                run.accept(id);
            }
        }
        run.status(n + " raw reports with schema id " + newId + " produced");
        run.atFraction(0.8);
        versionsBefore = RawRecords.registry(run.stack, "GET", subject + "/versions", null).body();
        Map<String, Schema> incompatible = new LinkedHashMap<>();
        incompatible.put("id: string -> long", EvolvedSchemas.withFieldType(evolved, "id", "long"));
        incompatible.put("new field without default",
                EvolvedSchemas.withRequiredField(evolved, field + "_required"));
        for (Map.Entry<String, Schema> change : incompatible.entrySet()) {
            RawRecords.Answer a = RawRecords.registry(run.stack, "POST", subject + "/versions",
                    EvolvedSchemas.registration(change.getValue()));
            refused.put(change.getKey(), a.status() + " " + a.json().path("error_code").asText());
            run.status("incompatible change (" + change.getKey() + "): " + a.status() + " " + a.body());
            run.faultDone();
        }
        versionsAfter = RawRecords.registry(run.stack, "GET", subject + "/versions", null).body();
    }

    @Override
    public void verify(TestRun run) throws Exception {
        run.check("compatible change registered", newId > 0 && newId != oldId,
                "new optional field " + field + ": " + compatibleAnswer + " (old schema id " + oldId + ")");
        boolean all409 = refused.size() == 2 && refused.values().stream().allMatch(v -> v.startsWith("409 "));
        run.check("incompatible changes refused with 409", all409 && !versionsAfter.isEmpty()
                        && versionsAfter.equals(versionsBefore),
                refused + "; subject versions " + versionsBefore + " before, " + versionsAfter + " after");
        // which schema each of the test's raw records was written with
        Set<String> load = run.load.acceptedIds();
        Map<Integer, Integer> loadBySchema = new TreeMap<>();
        Map<Integer, Integer> evolvedBySchema = new TreeMap<>();
        run.probe.read(Topics.REPORTS_RAW, run.rawStart, r -> {
            String key = r.key() == null ? "" : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
            if (load.contains(key)) {
                loadBySchema.merge(EvolvedSchemas.schemaId(r.value()), 1, Integer::sum);
            } else if (evolvedIds.containsKey(key)) {
                evolvedBySchema.merge(EvolvedSchemas.schemaId(r.value()), 1, Integer::sum);
            }
        });
        run.check("old and new schema records in the raw topic",
                loadBySchema.size() == 1 && loadBySchema.values().iterator().next() >= load.size()
                        && !loadBySchema.containsKey(newId)
                        && evolvedBySchema.getOrDefault(newId, 0) == evolvedIds.size() && !evolvedIds.isEmpty(),
                "load (via ingest) by schema id " + loadBySchema + ", produced with the new schema " + evolvedBySchema
                        + "; old id " + oldId + ", new id " + newId);
        Map<String, Integer> rows = new HashMap<>(run.probe.rowsFor(evolvedIds.keySet()));
        Map<String, Integer> loadRows = run.probe.rowsFor(load);
        List<String> missing = new ArrayList<>();
        evolvedIds.keySet().forEach(id -> {
            if (rows.getOrDefault(id, 0) != 1) {
                missing.add(id);
            }
        });
        long loadStored = load.stream().filter(id -> loadRows.getOrDefault(id, 0) == 1).count();
        run.check("every old- and new-schema report stored", missing.isEmpty() && loadStored == load.size()
                        && !load.isEmpty(),
                loadStored + " of " + load.size() + " old-schema reports and " + (evolvedIds.size() - missing.size())
                        + " of " + evolvedIds.size() + " new-schema reports stored once"
                        + (missing.isEmpty() ? "" : "; not stored: " + missing));
    }
}
