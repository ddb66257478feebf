package io.watchfloor.alert.subscriptions;

import io.watchfloor.alert.domain.matching.SubscriptionIndex;
import io.watchfloor.alert.domain.subscription.Subscription;
import java.util.List;
import java.util.Optional;

/** The subscriptions every instance sees (read from {@code threat.subscriptions.v1}), and their index. */
public interface SubscriptionDirectory {

    Optional<Subscription> get(String id);

    /** All subscriptions, ordered by id. */
    List<Subscription> all();

    /** The index the matcher uses; rebuilt on every change. */
    SubscriptionIndex index();

    /** True once the whole topic was read at least once (matching must not start before). */
    boolean loaded();
}
