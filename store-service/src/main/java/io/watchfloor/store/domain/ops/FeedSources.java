package io.watchfloor.store.domain.ops;

import java.util.List;

/** The feeds ingest-service polls, with their health (implemented by the {@code ingest} room). */
public interface FeedSources {

    List<FeedSource> list() throws DependencyUnavailableException;

    /** Where the list comes from, for the page to say. */
    String location();
}
