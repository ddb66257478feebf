package io.watchfloor.store.taxii;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.MediaType;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.watchfloor.store.config.AnalystViewSettings;
import io.watchfloor.store.domain.DatabaseUnavailableException;
import io.watchfloor.store.domain.export.Json;
import io.watchfloor.store.domain.export.TaxiiFeed;
import java.util.Map;

/**
 * A read-only TAXII 2.1 server: discovery, one API root ({@code /taxii2/watchfloor/}) with one collection of
 * enriched reports, its objects and manifest, paged by {@code added_after}, {@code limit} and {@code next}.
 */
@Controller("/taxii2")
@Produces(MediaType.ALL) // the methods check Accept themselves and answer TAXII's 406 error message
@ExecuteOn(TaskExecutors.BLOCKING)
public class TaxiiController {
    private final TaxiiFeed feed;
    private final AnalystViewSettings settings;

    public TaxiiController(TaxiiFeed feed, AnalystViewSettings settings) {
        this.feed = feed;
        this.settings = settings;
    }

    @Get("/")
    public HttpResponse<?> discovery(HttpRequest<?> request, @Nullable @Header("Accept") String accept) {
        return respond(accept, () -> TaxiiResponses.discovery(baseUrl(request)));
    }

    @Get("/" + TaxiiResponses.API_ROOT + "/")
    public HttpResponse<?> apiRoot(@Nullable @Header("Accept") String accept) {
        return respond(accept, TaxiiResponses::apiRoot);
    }

    @Get("/" + TaxiiResponses.API_ROOT + "/collections/")
    public HttpResponse<?> collections(@Nullable @Header("Accept") String accept) {
        return respond(accept, () -> Map.of("collections", java.util.List.of(TaxiiResponses.collection())));
    }

    @Get("/" + TaxiiResponses.API_ROOT + "/collections/{id}/")
    public HttpResponse<?> collection(@PathVariable String id, @Nullable @Header("Accept") String accept) {
        return respond(accept, id, TaxiiResponses::collection);
    }

    @Get("/" + TaxiiResponses.API_ROOT + "/collections/{id}/objects/")
    public HttpResponse<?> objects(@PathVariable String id, HttpRequest<?> request,
                                   @Nullable @Header("Accept") String accept) throws DatabaseUnavailableException {
        return page(id, request, accept, false);
    }

    @Get("/" + TaxiiResponses.API_ROOT + "/collections/{id}/manifest/")
    public HttpResponse<?> manifest(@PathVariable String id, HttpRequest<?> request,
                                    @Nullable @Header("Accept") String accept) throws DatabaseUnavailableException {
        return page(id, request, accept, true);
    }

    private HttpResponse<?> page(String id, HttpRequest<?> request, String accept, boolean manifest)
            throws DatabaseUnavailableException {
        if (!TaxiiResponses.acceptable(accept)) {
            return TaxiiResponses.notAcceptable();
        }
        if (!TaxiiResponses.COLLECTION_ID.equals(id)) {
            return TaxiiResponses.unknownCollection(id);
        }
        TaxiiFeed.Request query;
        try {
            query = TaxiiResponses.request(request.getParameters().asMap());
        } catch (IllegalArgumentException e) {
            return TaxiiResponses.error(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage());
        }
        TaxiiFeed.Page page = feed.read(query);
        MutableHttpResponse<String> response = HttpResponse.ok(Json.write(manifest
                ? TaxiiResponses.manifest(page) : TaxiiResponses.envelope(page)))
                .contentType(TaxiiResponses.TAXII_JSON);
        if (!page.entries().isEmpty()) {
            response.header("X-TAXII-Date-Added-First", Json.micros(page.entries().get(0).dateAdded()));
            response.header("X-TAXII-Date-Added-Last",
                    Json.micros(page.entries().get(page.entries().size() - 1).dateAdded()));
        }
        return response;
    }

    private HttpResponse<?> respond(String accept, java.util.function.Supplier<Object> body) {
        if (!TaxiiResponses.acceptable(accept)) {
            return TaxiiResponses.notAcceptable();
        }
        return HttpResponse.ok(Json.write(body.get())).contentType(TaxiiResponses.TAXII_JSON);
    }

    private HttpResponse<?> respond(String accept, String id, java.util.function.Supplier<Object> body) {
        if (TaxiiResponses.acceptable(accept) && !TaxiiResponses.COLLECTION_ID.equals(id)) {
            return TaxiiResponses.unknownCollection(id);
        }
        return respond(accept, body);
    }

    private String baseUrl(HttpRequest<?> request) {
        if (settings.publicUrl() != null && !settings.publicUrl().isBlank()) {
            return settings.publicUrl().replaceAll("/+$", "");
        }
        String host = request.getHeaders().get("Host");
        return "http://" + (host == null || host.isBlank() ? "127.0.0.1:8082" : host);
    }
}
