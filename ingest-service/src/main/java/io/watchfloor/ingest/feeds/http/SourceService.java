package io.watchfloor.ingest.feeds.http;

import io.micronaut.core.annotation.Nullable;
import io.watchfloor.edge.net.AddressPolicy;
import io.watchfloor.edge.net.AddressRefusedException;
import io.watchfloor.ingest.config.FeedsProperties;
import io.watchfloor.ingest.feeds.sources.FeedPoller;
import io.watchfloor.ingest.feeds.sources.FeedSource;
import io.watchfloor.ingest.feeds.sources.SourceHealthPublisher;
import io.watchfloor.ingest.feeds.sources.SourceRegistry;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;

/** Source management use cases: validate (including the SSRF policy), register, schedule, remove. */
@Singleton
public class SourceService {

    private final SourceRegistry registry;
    private final FeedPoller poller;
    private final AddressPolicy policy;
    private final FeedsProperties properties;
    private final SourceHealthPublisher health;

    public SourceService(SourceRegistry registry, FeedPoller poller, AddressPolicy policy, FeedsProperties properties,
                         SourceHealthPublisher health) {
        this.registry = registry;
        this.poller = poller;
        this.policy = policy;
        this.properties = properties;
        this.health = health;
    }

    /** A registered source and whether this call created it. */
    public record Added(FeedSource source, boolean created) {
    }

    public Added add(@Nullable SourceRequest request) {
        if (request == null) {
            throw new SourceRegistry.InvalidSourceException(
                    "send a JSON body {\"name\", \"url\", \"intervalSeconds\"}");
        }
        if (request.url() != null) {
            SourceRegistry.refuseUserInfo(request.url()); // before anything else can echo the URL
            try {
                policy.vet(URI.create(request.url().trim()));
            } catch (AddressRefusedException e) {
                if (e.reason() != AddressRefusedException.Reason.UNRESOLVABLE_HOST) {
                    throw new SourceRegistry.InvalidSourceException(e.getMessage());
                }
            } catch (IllegalArgumentException e) {
                throw new SourceRegistry.InvalidSourceException("\"url\" is not a valid URL: " + e.getMessage());
            }
        }
        boolean known = request.url() != null && registry.get(FeedSource.idFor(request.url())).isPresent();
        FeedSource source = registry.add(request.name(), request.url(), request.intervalSeconds());
        if (!known && properties.enabled()) {
            poller.schedule(source.id(), Duration.ZERO);
        }
        return new Added(source, !known);
    }

    public boolean remove(String id) {
        poller.unschedule(id);
        health.forget(id);
        return registry.remove(id);
    }

    public boolean pollNow(String id) {
        if (registry.get(id).isEmpty()) {
            return false;
        }
        poller.pollNow(id);
        return true;
    }
}
