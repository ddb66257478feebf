package io.watchfloor.enrich.domain.groups;

import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.catalog.CatalogAlias;

/** One accepted mention of a catalog group: where it is, which alias matched, and how it resolved. */
public record GroupMention(String groupId, CatalogAlias alias, Evidence span, String method, String contextReason) {
}
