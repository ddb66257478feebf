package io.watchfloor.store.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
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
import io.watchfloor.store.domain.ReportCursor;
import io.watchfloor.store.domain.ReportPage;
import io.watchfloor.store.domain.ReportQuery;
import io.watchfloor.store.domain.TimeParam;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code GET /reports/{id}} (the enriched report) and {@code GET /reports} (filtered, paged list). */
@Controller("/reports")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReportController {
    private final ReportQueries repository;

    public ReportController(ReportQueries repository) {
        this.repository = repository;
    }

    @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> get(@PathVariable String id) throws DatabaseUnavailableException {
        return repository.findDocument(id)
                .<HttpResponse<?>>map(doc -> HttpResponse.ok(doc).contentType(MediaType.APPLICATION_JSON_TYPE))
                .orElseGet(() -> HttpResponse.status(HttpStatus.NOT_FOUND).body(new ErrorResponse("not_found",
                        "No report with id '" + id + "'. List stored reports with GET /reports.")));
    }

    /** The query parameters of {@code GET /reports}; any other is refused rather than silently ignored. */
    static final Set<String> LIST_PARAMETERS = new LinkedHashSet<>(List.of("group", "entity", "q", "from", "to",
            "limit", "cursor"));

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> list(HttpRequest<?> request, @Nullable @QueryValue String group,
                                @Nullable @QueryValue String entity,
                                @Nullable @QueryValue String q, @Nullable @QueryValue String from,
                                @Nullable @QueryValue String to, @Nullable @QueryValue String limit,
                                @Nullable @QueryValue String cursor) throws DatabaseUnavailableException {
        // "since=2025-01-01" or "sort=..." must not look like a filter that matched everything
        List<String> unknown = request.getParameters().names().stream()
                .filter(n -> !LIST_PARAMETERS.contains(n)).sorted().map(n -> "'" + n + "'").toList();
        if (!unknown.isEmpty()) {
            return HttpResponse.badRequest(new ErrorResponse("bad_request", "Unknown query parameter"
                    + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + "; GET /reports takes "
                    + String.join(", ", LIST_PARAMETERS) + " (from/to for a time range)"));
        }
        ReportQuery query;
        try {
            query = new ReportQuery(group, entity, q, TimeParam.parse("from", from), TimeParam.parse("to", to),
                    parseLimit(limit), cursor == null || cursor.isBlank() ? null : ReportCursor.decode(cursor));
        } catch (IllegalArgumentException e) {
            return HttpResponse.badRequest(new ErrorResponse("bad_request", e.getMessage()));
        }
        ReportPage page = repository.find(query);
        return HttpResponse.ok(ApiMapper.toResponse(page));
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return ReportQuery.DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number between 1 and " + ReportQuery.MAX_LIMIT
                    + ", got '" + limit + "'", e);
        }
    }
}
