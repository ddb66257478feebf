package io.watchfloor.ingest.feeds.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.watchfloor.ingest.api.ApiError;
import io.watchfloor.ingest.feeds.sources.SourceRegistry;
import io.watchfloor.ingest.feeds.sources.SourceState;
import java.util.List;

/** {@code GET/POST /sources}, {@code GET/DELETE /sources/{id}}, {@code POST /sources/{id}/poll}. */
@Controller("/sources")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SourcesController {

    private final SourceRegistry registry;
    private final SourceService service;

    public SourcesController(SourceRegistry registry, SourceService service) {
        this.registry = registry;
        this.service = service;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public List<SourceView> list() {
        return registry.list().stream()
                .map(s -> SourceView.of(s, registry.state(s.id()).map(SourceState::health).orElse(null)))
                .toList();
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> get(@PathVariable String id) {
        return registry.get(id)
                .<HttpResponse<?>>map(s -> HttpResponse.ok(SourceView.of(s,
                        registry.state(id).map(SourceState::health).orElse(null))))
                .orElseGet(() -> notFound(id));
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> add(@Nullable @Body SourceRequest request) {
        SourceService.Added added = service.add(request);
        SourceView view = SourceView.of(added.source(),
                registry.state(added.source().id()).map(SourceState::health).orElse(null));
        return added.created() ? HttpResponse.created(view) : HttpResponse.ok(view);
    }

    @Delete(uri = "/{id}")
    public HttpResponse<?> delete(@PathVariable String id) {
        return service.remove(id) ? HttpResponse.noContent() : notFound(id);
    }

    @Post(uri = "/{id}/poll")
    public HttpResponse<?> pollNow(@PathVariable String id) {
        return service.pollNow(id) ? HttpResponse.accepted() : notFound(id);
    }

    private static HttpResponse<ApiError> notFound(String id) {
        return HttpResponse.<ApiError>status(HttpStatus.NOT_FOUND).body(new ApiError("No source with id " + id, "id",
                "List the sources with GET /sources"));
    }
}
