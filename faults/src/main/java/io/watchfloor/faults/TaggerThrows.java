package io.watchfloor.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test 7: reports that make the tagger throw. enrich-service's fault hook ({@code WATCHFLOOR_FAULT_TAGGER_THROWS_ON},
 * set to {@link #MARKER} for the suite's whole stack by {@link FaultSuite#startStack}) throws for a report whose
 * text contains the marker; 1% of the load (at least 3) are such reports, POSTed to ingest like any other. Each must
 * become exactly one dead letter naming the exception, no stream thread may die, and everything else flows on.
 */
final class TaggerThrows implements FaultTest {
    /** In the text of a report, makes the hooked tagger throw. */
    static final String MARKER = "WATCHFLOOR-FAULT-T7-TAGGER-THROWS";
    static final String HOOK_VARIABLE = "WATCHFLOOR_FAULT_TAGGER_THROWS_ON";
    static final String HOOK_PROPERTY = "watchfloor.fault.tagger-throws-on";
    /** The hook's exception, as {@code dlq.error.class} names it. */
    static final String HOOK_EXCEPTION = "io.watchfloor.enrich.kafka.TaggerThrowsOn$InjectedTaggerFault";

    /** Marked report id -> when it was accepted (ms on the load's clock). */
    private final Map<String, Long> marked = new LinkedHashMap<>();
    private long failuresBefore = -1;
    private boolean restarted;

    @Override
    public int number() {
        return 7;
    }

    @Override
    public String name() {
        return "reports that make the tagger throw";
    }

    @Override
    public String fault() {
        return "tagger throws";
    }

    @Override
    public int planned(SuiteConfig config) {
        return Math.max(3, config.scale() / 100);
    }

    /** The JVM option that turns the hook on for every service of a stack (only enrich-service reads it). */
    static String jvmOption() {
        return "-D" + HOOK_PROPERTY + "=" + MARKER;
    }

    @Override
    public void inject(TestRun run) throws Exception {
        marked.clear();
        restarted = false;
        if (!run.stack.options().serviceJvmOptions().contains(jvmOption())) {
            // a stack not started by FaultSuite.startStack: turn the hook on with one enrich restart
            run.expectDown("enrich-service", true);
            run.stack.setEnvironment("enrich-service", Map.of(HOOK_VARIABLE, MARKER));
            run.stack.restartService("enrich-service", false);
            run.expectDown("enrich-service", false);
            restarted = true;
            run.status("enrich-service restarted with " + HOOK_VARIABLE + "=" + MARKER);
        }
        failuresBefore = RawRecords.threadFailures(RawRecords.enrichHealth(run.stack));
        int n = planned(run.config);
        for (int i = 0; i < n; i++) {
            run.atFraction((i + 1.0) / (n + 1));
            int number = 3_000_000 + i;
            ObjectNode body = run.load.report(number);
            body.put("text", body.path("text").asText() + " " + MARKER + " (report " + i + " of test 7.)");
            String id = RawRecords.postReport(run, RawRecords.JSON.writeValueAsString(body),
                    run.marker + "-throws-" + i);
            synchronized (marked) {
                marked.put(id, run.load.elapsedMillis());
            }
            run.accept(id);
            run.faultDone();
        }
        run.status(n + " reports with the marker accepted by ingest");
    }

    @Override
    public void verify(TestRun run) throws Exception {
        Set<String> ids = marked.keySet();
        Map<String, List<PipelineProbe.DeadLetterRecord>> byId = new HashMap<>();
        int others = 0;
        for (PipelineProbe.DeadLetterRecord l : run.deadLetters) {
            if (l.key() != null && ids.contains(l.key())) {
                byId.computeIfAbsent(l.key(), k -> new ArrayList<>()).add(l);
            } else {
                others++;
            }
        }
        long once = byId.values().stream().filter(l -> l.size() == 1).count();
        long more = byId.values().stream().filter(l -> l.size() > 1).count();
        run.check("marked reports dead-lettered exactly once", once == ids.size() && more == 0 && !ids.isEmpty(),
                ids.size() + " marked reports accepted; " + once + " dead-lettered once, " + more
                        + " more than once, " + (ids.size() - byId.size()) + " missing; " + others
                        + " other dead letters in the test");
        List<String> wrong = new ArrayList<>();
        byId.forEach((id, letters) -> {
            Map<String, String> h = letters.get(0).headers();
            if (!"enrich".equals(h.get(DeadLetterHeaders.STAGE))
                    || !HOOK_EXCEPTION.equals(h.get(DeadLetterHeaders.ERROR_CLASS))
                    || !h.getOrDefault(DeadLetterHeaders.ERROR_MESSAGE, "").contains(id)
                    || !h.getOrDefault(DeadLetterHeaders.ERROR_MESSAGE, "").contains(MARKER)
                    || !Topics.REPORTS_RAW.equals(h.get(DeadLetterHeaders.TOPIC))
                    || h.getOrDefault(DeadLetterHeaders.OFFSET, "").isBlank()) {
                wrong.add(id + " " + h);
            }
        });
        String sample = byId.isEmpty() ? "" : "; e.g. " + byId.values().iterator().next().get(0).reason();
        run.check("dead letters name the exception", wrong.isEmpty() && !byId.isEmpty(),
                wrong.isEmpty() ? byId.size() + " dead letters with dlq.stage=enrich, dlq.error.class="
                        + HOOK_EXCEPTION.substring(HOOK_EXCEPTION.lastIndexOf('.') + 1)
                        + ", the report id in the message and the raw topic/offset" + sample
                        : wrong.size() + " wrong: " + wrong.get(0));
        Map<String, Integer> markedRows = run.probe.rowsFor(ids);
        Set<String> rest = run.load.acceptedIds();
        Map<String, Integer> restRows = run.probe.rowsFor(rest);
        long restStored = rest.stream().filter(id -> restRows.getOrDefault(id, 0) == 1).count();
        run.check("the rest flow", markedRows.isEmpty() && restStored == rest.size() && !rest.isEmpty(),
                restStored + " of " + rest.size() + " other accepted reports stored once; " + markedRows.size()
                        + " marked reports in PostgreSQL");
        RawRecords.Answer health = RawRecords.enrichHealth(run.stack);
        long failuresAfter = RawRecords.threadFailures(health);
        boolean up = health.status() == 200 && "UP".equals(health.json().path("status").asText());
        run.check("no stream thread died", up && failuresBefore >= 0 && failuresAfter == failuresBefore,
                "enrich-service /health " + health.status() + " " + health.json().path("status").asText()
                        + "; stream-thread failures (enrichProgress.threadFailuresTotal) " + failuresBefore
                        + " before the marked reports, " + failuresAfter + " after"
                        + (restarted ? " (enrich restarted once to set the hook)" : ""));
    }
}
