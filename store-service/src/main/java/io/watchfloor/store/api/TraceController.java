package io.watchfloor.store.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.SerdeImport;
import io.watchfloor.schemas.Topics;
import io.watchfloor.store.domain.trace.ReportTrace;
import io.watchfloor.store.domain.trace.ReportTracer;

/**
 * {@code GET /reports/{id}/trace}: where one report is in the pipeline (raw and enriched topics, dead letters,
 * PostgreSQL, alerts), the same as {@code ./watchfloor trace <id>}. 404 when no part has seen the id.
 */
@Controller("/reports")
@ExecuteOn(TaskExecutors.BLOCKING)
@SerdeImport(ReportTrace.class)
@SerdeImport(ReportTrace.TopicRecord.class)
@SerdeImport(ReportTrace.DeadLetterRecord.class)
@SerdeImport(ReportTrace.StoredRow.class)
@SerdeImport(ReportTrace.AlertRecord.class)
public class TraceController {
    private final ReportTracer tracer;

    public TraceController(ReportTracer tracer) {
        this.tracer = tracer;
    }

    @Get(value = "/{id}/trace", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> trace(@PathVariable String id) {
        ReportTrace trace = tracer.trace(id);
        if (!trace.found()) {
            String why = trace.notes().isEmpty() ? "" : " (" + String.join("; ", trace.notes()) + ")";
            return HttpResponse.status(HttpStatus.NOT_FOUND).body(new ErrorResponse("not_found",
                    "No trace of report '" + id + "' in " + Topics.REPORTS_RAW + ", " + Topics.REPORTS_ENRICHED
                            + ", the dead-letter topics, PostgreSQL or " + Topics.ALERTS + why + ". Check the id "
                            + "(POST /reports answers it; GET /reports lists stored ones); records older than a "
                            + "topic's retention are gone."));
        }
        return HttpResponse.ok(trace);
    }
}
