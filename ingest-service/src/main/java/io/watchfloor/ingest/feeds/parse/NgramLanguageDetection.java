package io.watchfloor.ingest.feeds.parse;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Language detection with the optimaize n-gram detector (71 built-in profiles, fixed seed so the answer is the
 * same every time). Looks at the first 4,000 characters; answers only above a probability threshold.
 * The profiles (~60 MiB of heap, 1-2 s) are loaded on first use, not at construction.
 */
public final class NgramLanguageDetection implements LanguageDetection {

    private static final int MAX_CHARS = 4_000;
    private static final int MIN_LETTERS = 20;

    private final TextObjectFactory texts = CommonTextObjectFactories.forDetectingOnLargeText();
    private final double minProbability;
    private LanguageDetector detector;

    public NgramLanguageDetection(double minProbability) {
        this.minProbability = minProbability;
    }

    private LanguageDetector detector() {
        if (detector == null) {
            try {
                detector = LanguageDetectorBuilder.create(NgramExtractors.standard())
                        .withProfiles(new LanguageProfileReader().readAllBuiltIn())
                        .seed(20_261_126L)
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the built-in language profiles", e);
            }
        }
        return detector;
    }

    public NgramLanguageDetection() {
        this(0.90);
    }

    @Override
    public Optional<String> languageOf(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String sample = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        if (sample.codePoints().filter(Character::isLetter).limit(MIN_LETTERS).count() < MIN_LETTERS) {
            return Optional.empty();
        }
        List<DetectedLanguage> ranked;
        synchronized (this) { // lazy loading, and the detector's random source is shared state
            ranked = detector().getProbabilities(texts.forText(sample));
        }
        if (ranked.isEmpty() || ranked.get(0).getProbability() < minProbability) {
            return Optional.empty();
        }
        return Optional.of(ranked.get(0).getLocale().getLanguage());
    }
}
