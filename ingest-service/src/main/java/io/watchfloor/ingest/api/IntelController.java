package io.watchfloor.ingest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.watchfloor.ingest.config.IngestProperties;
import io.watchfloor.ingest.intake.MispEventParser;
import io.watchfloor.ingest.intake.ReportIngestor;
import io.watchfloor.ingest.intake.ReportRequestParser;
import io.watchfloor.ingest.intake.StixBundleParser;

/**
 * {@code POST /stix} (a STIX 2.1 bundle: each report object becomes a report) and {@code POST /misp} (MISP event
 * JSON). Both answer like {@code /reports/batch} and honour {@code Idempotency-Key}.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class IntelController {
    public static final String STIX_JSON = "application/stix+json";

    private final ReportIngestor ingestor;
    private final IngestProperties properties;
    private final IdempotentRequests idempotency;
    private final StixBundleParser stix;
    private final MispEventParser misp;

    public IntelController(ReportIngestor ingestor, IngestProperties properties, IdempotentRequests idempotency) {
        this.ingestor = ingestor;
        this.properties = properties;
        this.idempotency = idempotency;
        ReportRequestParser json = new ReportRequestParser();
        this.stix = new StixBundleParser(json);
        this.misp = new MispEventParser(json);
    }

    @Post(uri = "/stix", consumes = {MediaType.APPLICATION_JSON, STIX_JSON}, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> stix(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return idempotency.handleItems(request, body, (keyAttributes, published) -> Answer.catching(() -> Answer.of(
                ingestor.ingestItems(stix.parse(body, properties.maxBatchItems()), keyAttributes, published),
                properties.retryAfterSeconds()), properties.retryAfterSeconds()).get());
    }

    @Post(uri = "/misp", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> misp(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return idempotency.handleItems(request, body, (keyAttributes, published) -> Answer.catching(() -> Answer.of(
                ingestor.ingestItems(misp.parse(body, properties.maxBatchItems()), keyAttributes, published),
                properties.retryAfterSeconds()), properties.retryAfterSeconds()).get());
    }
}
