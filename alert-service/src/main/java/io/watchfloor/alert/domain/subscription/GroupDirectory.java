package io.watchfloor.alert.domain.subscription;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What subscriptions need to know about threat groups: the valid ids, their names and aliases, and the
 * affiliation tree (a province points at its parent, e.g. {@code iskp -> islamic-state}). Implementations are
 * immutable.
 */
public interface GroupDirectory {

    /** Every known group id. */
    Set<String> ids();

    default boolean contains(String id) {
        return id != null && ids().contains(id);
    }

    /** The canonical name of {@code id}. */
    Optional<String> name(String id);

    /** Spellings of {@code id} other than its canonical name; used for suggestions only. */
    default List<String> aliases(String id) {
        return List.of();
    }

    /** The parent group id of {@code id}, if it has one. */
    Optional<String> affiliation(String id);

    /**
     * Every group whose affiliation chain leads to {@code id} (children, grandchildren, ...), not {@code id}
     * itself.
     */
    Set<String> affiliatesOf(String id);

    /** The id a name or alias stands for, when exactly one group has it (case and punctuation folded). */
    Optional<String> resolve(String nameOrAlias);
}
