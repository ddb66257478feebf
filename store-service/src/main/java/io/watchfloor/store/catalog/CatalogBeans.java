package io.watchfloor.store.catalog;

import io.micronaut.context.annotation.Factory;
import io.watchfloor.store.domain.export.GroupDirectory;
import jakarta.inject.Singleton;

/** The group directory the exports and the analyst view read: the catalog committed with this build. */
@Factory
public class CatalogBeans {

    @Singleton
    GroupDirectory groupDirectory() {
        return CatalogGroupDirectory.fromClasspath();
    }
}
