package io.watchfloor.ingest.config;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.watchfloor.ingest.feeds.sources.FeedPoller;
import io.watchfloor.ingest.feeds.sources.FeedSource;
import io.watchfloor.ingest.feeds.sources.SourceRegistry;
import io.watchfloor.ingest.intake.Revisions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads configured and persisted sources at startup and starts the poller; stops it at shutdown. */
@Singleton
public class FeedsLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(FeedsLifecycle.class);

    private final SourceRegistry registry;
    private final FeedPoller poller;
    private final FeedsProperties properties;
    private final List<ConfiguredFeedSource> configured;
    private final Revisions state;

    public FeedsLifecycle(SourceRegistry registry, FeedPoller poller, FeedsProperties properties,
                          List<ConfiguredFeedSource> configured, Revisions state) {
        this.state = state;
        this.registry = registry;
        this.poller = poller;
        this.properties = properties;
        this.configured = configured;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        List<FeedSource> fromConfig = new ArrayList<>();
        for (ConfiguredFeedSource c : configured) {
            if (c.getUrl() == null || c.getUrl().isBlank()) {
                LOG.warn("feed source '{}' in watchfloor.feeds.sources has no url; skipped", c.getName());
                continue;
            }
            FeedSource source = FeedSource.configured(c.getName(), c.getUrl().trim(),
                    Math.max(1, c.getIntervalSeconds()), c.getHeaders(), c.getUsername(), c.getPassword(),
                    Instant.now());
            if (!source.url().equals(c.getUrl().trim())) {
                LOG.warn("feed source '{}' has a user name/password in its URL ({}); it is used as the source's "
                        + "credentials and never shown: move it to username and password (from the environment)",
                        c.getName(), source.redactedUrl());
            }
            fromConfig.add(source);
        }
        registry.load(fromConfig);
        if (properties.enabled()) {
            // polling before the known revisions are restored would publish a changed article as revision 1
            state.ready().thenRun(() -> {
                poller.start();
                LOG.info("feed poller started: {} sources, allowlist {}, sources file {}", registry.list().size(),
                        properties.allowlist(), registry.file().toAbsolutePath());
            });
        } else {
            LOG.info("feed polling disabled (watchfloor.feeds.enabled=false); {} sources known",
                    registry.list().size());
        }
    }

    @PreDestroy
    void stop() {
        poller.close();
    }
}
