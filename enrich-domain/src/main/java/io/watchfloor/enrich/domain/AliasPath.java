package io.watchfloor.enrich.domain;

/** How one surface form resolved: surface text -> catalog alias -> canonical group, and by which rule. */
public record AliasPath(String surface, String alias, String method, String source) {
}
