package io.watchfloor.ingest.feeds.parse;

import java.util.Optional;

/** Guesses the ISO 639-1 language of a text, or empty when unsure. */
@FunctionalInterface
public interface LanguageDetection {

    Optional<String> languageOf(String text);

    static LanguageDetection none() {
        return text -> Optional.empty();
    }
}
