package io.watchfloor.store.export;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.watchfloor.store.domain.DatabaseUnavailableException;
import io.watchfloor.store.domain.ReportQueries;
import io.watchfloor.store.domain.ReportQuery;
import io.watchfloor.store.domain.ReportReader;
import io.watchfloor.store.domain.StoredReport;
import io.watchfloor.store.domain.TimeParam;
import io.watchfloor.store.domain.export.BulkStixExport;
import io.watchfloor.store.domain.export.Json;
import io.watchfloor.store.domain.export.MispMapper;
import io.watchfloor.store.domain.export.StixMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /reports/{id}/stix} (a STIX 2.1 bundle), {@code GET /reports/{id}/misp} (a MISP event) and
 * {@code GET /export/stix} (one bundle of every matching report, streamed page by page).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class ExportController {
    public static final String STIX_JSON = "application/stix+json;version=2.1";
    private final ReportReader reader;
    private final ReportQueries queries;
    private final StixMapper stix;
    private final MispMapper misp;

    public ExportController(ReportReader reader, ReportQueries queries, StixMapper stix, MispMapper misp) {
        this.reader = reader;
        this.queries = queries;
        this.stix = stix;
        this.misp = misp;
    }

    @Get(uri = "/reports/{id}/stix", produces = STIX_JSON)
    public HttpResponse<?> stix(@PathVariable String id) throws DatabaseUnavailableException {
        return export(id, "stix.json", STIX_JSON, r -> stix.bundle(r));
    }

    @Get(uri = "/reports/{id}/misp", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> misp(@PathVariable String id) throws DatabaseUnavailableException {
        return export(id, "misp.json", MediaType.APPLICATION_JSON, r -> misp.event(r));
    }

    @Get(uri = "/export/stix", produces = STIX_JSON)
    public HttpResponse<?> bulk(@Nullable @QueryValue String group, @Nullable @QueryValue String from,
                                @Nullable @QueryValue String to, @Nullable @QueryValue String q,
                                @Nullable @QueryValue String entity, @Nullable @QueryValue String place,
                                @Nullable @QueryValue String source, @Nullable @QueryValue String topic)
            throws DatabaseUnavailableException {
        ReportQuery query = new ReportQuery(group, entity, place, source, topic, q, TimeParam.parse("from", from),
                TimeParam.parse("to", to), BulkStixExport.PAGE, null);
        BulkStixExport export = BulkStixExport.open(queries, reader, stix, query);
        InputStream body = new SequenceInputStream(new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return export.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return new ByteArrayInputStream(export.next());
            }
        });
        return HttpResponse.ok(body).contentType(STIX_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"watchfloor-export.stix.json\"");
    }

    private HttpResponse<?> export(String id, String suffix, String mediaType,
                                   java.util.function.Function<StoredReport, Map<String, Object>> mapping)
            throws DatabaseUnavailableException {
        Optional<StoredReport> report = reader.find(id);
        if (report.isEmpty()) {
            return HttpResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(Json.write(Map.of("error", "not_found",
                            "message", "No report with id '" + id + "'. List stored reports with GET /reports.")));
        }
        String file = id.replaceAll("[^A-Za-z0-9._-]", "_") + "." + suffix;
        return HttpResponse.ok(Json.write(mapping.apply(report.get()))).contentType(mediaType)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + file + "\"");
    }
}
