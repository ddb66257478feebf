package io.watchfloor.store.domain.export;

import java.util.List;
import java.util.Map;

/**
 * What the group catalog says about one group: names, affiliation, external references (un, canada, mitre,
 * wikipedia, ...) and the MISP galaxy tags that name it.
 */
public record GroupProfile(String id, String name, String kind, String affiliation, List<String> aliases,
                           Map<String, String> externalRefs, List<String> mispGalaxyTags) {

    public GroupProfile {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        externalRefs = externalRefs == null ? Map.of() : Map.copyOf(externalRefs);
        mispGalaxyTags = mispGalaxyTags == null ? List.of() : List.copyOf(mispGalaxyTags);
    }
}
