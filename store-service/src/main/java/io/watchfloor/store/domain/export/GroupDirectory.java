package io.watchfloor.store.domain.export;

import java.util.Optional;

/** The group catalog as the store reads it (implemented by the {@code catalog} room). */
public interface GroupDirectory {

    /** The catalog entry of a group, if the catalog knows it. */
    Optional<GroupProfile> profile(String groupId);

    /** The catalog version, shown beside each report's own catalog version. */
    String version();

    /** A directory that knows no group: exports then use what the report itself carries. */
    static GroupDirectory empty() {
        return new GroupDirectory() {
            @Override
            public Optional<GroupProfile> profile(String groupId) {
                return Optional.empty();
            }

            @Override
            public String version() {
                return "none";
            }
        };
    }
}
