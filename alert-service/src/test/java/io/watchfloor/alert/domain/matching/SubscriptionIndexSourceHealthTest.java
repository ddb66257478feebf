package io.watchfloor.alert.domain.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.alert.domain.subscription.CatalogGroupDirectory;
import io.watchfloor.alert.domain.subscription.SourceHealthFilter;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Source-health subscriptions live in the index beside report subscriptions but never match reports. */
class SubscriptionIndexSourceHealthTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final Subscription FEEDS = Subscription.of("sub-feeds", "feeds desk",
            SubscriptionFilter.sourceHealth(SourceHealthFilter.everySource()), NOW);
    private static final Subscription TTP = Subscription.of("sub-ttp", "TTP desk",
            SubscriptionFilter.builder().groups("ttp").build(), NOW);

    @Test
    void shouldKeepSourceHealthSubscriptionsApartFromReportMatching() {
        SubscriptionIndex index = SubscriptionIndex.of(CatalogGroupDirectory.fromClasspath(), List.of(FEEDS, TTP));

        assertEquals(2, index.size());
        assertEquals(List.of(FEEDS), index.sourceHealthSubscriptions());
        assertEquals(FEEDS, index.subscription("sub-feeds").orElseThrow());
        assertEquals(List.of("sub-feeds", "sub-ttp"),
                index.subscriptions().stream().map(Subscription::id).sorted().toList());
    }

    @Test
    void shouldMoveASubscriptionBetweenKindsWhenItsFilterChangesAndForgetItWhenDeleted() {
        SubscriptionIndex index = SubscriptionIndex.of(CatalogGroupDirectory.fromClasspath(), List.of(FEEDS));
        Subscription nowReports = FEEDS.withFilter(SubscriptionFilter.builder().groups("ttp").build(), NOW);

        SubscriptionIndex changed = index.with(nowReports);
        SubscriptionIndex deleted = index.without("sub-feeds");

        assertEquals(List.of(), changed.sourceHealthSubscriptions());
        assertEquals(1, changed.size());
        assertEquals(nowReports, changed.subscription("sub-feeds").orElseThrow());
        assertTrue(deleted.subscription("sub-feeds").isEmpty());
        assertEquals(0, deleted.size());
    }
}
