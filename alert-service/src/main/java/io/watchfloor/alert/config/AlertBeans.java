package io.watchfloor.alert.config;

import io.micronaut.context.annotation.Factory;
import io.watchfloor.alert.domain.subscription.CatalogGroupDirectory;
import io.watchfloor.alert.domain.subscription.GroupDirectory;
import io.watchfloor.alert.subscriptions.StoredReports;
import io.watchfloor.alert.subscriptions.SubscriptionDirectory;
import io.watchfloor.alert.subscriptions.SubscriptionService;
import io.watchfloor.alert.subscriptions.SubscriptionStore;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Hands the plain-Java catalog directory and the subscription use case to Micronaut. */
@Factory
public class AlertBeans {

    /** Group ids, aliases and affiliations from the catalog bundled with the enricher. */
    @Singleton
    GroupDirectory groupDirectory() {
        return CatalogGroupDirectory.fromClasspath();
    }

    @Singleton
    SubscriptionService subscriptionService(SubscriptionDirectory directory, SubscriptionStore store,
                                            GroupDirectory groups, StoredReports reports) {
        return new SubscriptionService(directory, store, groups, reports, Clock.systemUTC());
    }
}
