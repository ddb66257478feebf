package io.watchfloor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import io.watchfloor.testsupport.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bench harness's stages on tiny sizes with real parts (in-JVM broker, embedded PostgreSQL 17, the real
 * enricher and store): every measurement is made and every row of the table printed. Never timed assertions:
 * the numbers only have to be there and be positive.
 */
@ExtendWith({KafkaBrokerExtension.class, PostgresExtension.class})
class BenchStagesIT {
    private static final List<BenchCorpus.Item> CORPUS = List.of(
            new BenchCorpus.Item("Attack in Kabul", "The Islamic State Khorasan Province claimed the attack in Kabul."),
            new BenchCorpus.Item("Arrests in Karachi", "Police in Karachi arrested two men linked to the TTP."),
            new BenchCorpus.Item("Talks", "Officials met in Doha on Tuesday to discuss a ceasefire."));

    @Test
    void shouldMeasureTheStoreWriteAgainstCopyOnTheSameRows() throws Exception {
        DataSource ds = StoreBenchmark.prepareSchema(PostgresExtension.jdbcUrl(), PostgresExtension.user(),
                PostgresExtension.password(), "bench_it");
        try {
            StoreBenchmark.Result r = StoreBenchmark.round(ds, CORPUS, 60, 25, "it-", false);

            assertEquals(60, r.rows());
            for (StoreBenchmark.Cost c : List.of(r.copyStaging(), r.copyReal(), r.store(), r.replay())) {
                assertTrue(c.seconds() > 0 && Double.isFinite(r.rate(c)), () -> "a cost without time: " + r);
            }
            try (var c = ds.getConnection(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM copy_staging),"
                         + " (SELECT count(*) FROM copy_reports), (SELECT count(*) FROM report_groups) > 0")) {
                rs.next();
                assertEquals(60, rs.getInt(1), "the store wrote every row once, the replay none");
                assertEquals(60, rs.getInt(2));
                assertEquals(60, rs.getInt(3));
                assertTrue(rs.getBoolean(4), "the enricher's groups became group rows");
            }
        } finally {
            StoreBenchmark.dropSchema(PostgresExtension.jdbcUrl(), PostgresExtension.user(),
                    PostgresExtension.password(), "bench_it");
        }
    }

    @Test
    void shouldRunPassThroughEnrichExactlyOnceAndAtLeastOnceOnTheSameRecordsAndPrintTheRatios() throws Exception {
        KafkaBrokerExtension.createTopic(Topics.REPORTS_RAW, 2);
        try (SchemaRegistryClient registry = SchemaRegistryClients.forUrl("mock://bench-it")) {
            List<EnrichStageBench.Run> runs = new EnrichStageBench(KafkaBrokerExtension.bootstrapServers(), registry,
                    "it", new EnrichStageBench.Settings(1, 200, "")).measure(CORPUS, 40, 1);

            assertEquals(List.of("pass-through", "enrich-eos", "enrich-alos"),
                    runs.stream().map(EnrichStageBench.Run::name).toList());
            for (EnrichStageBench.Run run : runs) {
                assertEquals(40, run.records());
                assertTrue(run.rate() > 0, run::toString);
            }
            assertTrue(runs.get(1).enricherCpuSeconds() > 0, "the enricher's CPU was measured");

            StackBench.Table table = new StackBench.Table();
            table.add("enrich", "enrich", List.of(runs.get(1).rate()), "pass", List.of(runs.get(0).rate()),
                    List.of(runs.get(1).rate() / runs.get(0).rate()), ">= 0.5x");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String printed = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("| enrich | "), printed);
            assertTrue(table.ratios().matches("ratios: ingest=n/a enrich=\\d+\\.\\d\\d store=n/a e2e=n/a eos=n/a"),
                    table.ratios());
        }
    }
}
