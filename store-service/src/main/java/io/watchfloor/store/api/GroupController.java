package io.watchfloor.store.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.watchfloor.store.domain.DatabaseUnavailableException;
import io.watchfloor.store.domain.ReportQueries;

/** {@code GET /groups}: threat groups seen in stored reports, with counts. */
@Controller("/groups")
@ExecuteOn(TaskExecutors.BLOCKING)
public class GroupController {
    private final ReportQueries repository;

    public GroupController(ReportQueries repository) {
        this.repository = repository;
    }

    @Get
    public GroupListResponse list() throws DatabaseUnavailableException {
        return ApiMapper.toResponse(repository.groups());
    }
}
