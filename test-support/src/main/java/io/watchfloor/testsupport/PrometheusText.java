package io.watchfloor.testsupport;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Reads the Prometheus text format in tests: sample names, and values summed over matching labels. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** One sample line: name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** Every sample of the text, comments skipped. */
    public static java.util.List<Sample> samples(String text) {
        java.util.List<Sample> samples = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int close = line.lastIndexOf('}');
                parseLabels(line.substring(brace + 1, close), labels);
                space = line.indexOf(' ', close);
            } else {
                name = line.substring(0, line.indexOf(' '));
                space = line.indexOf(' ');
            }
            String rest = line.substring(space + 1).strip().split("\\s+")[0];
            double value = switch (rest) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(rest);
            };
            samples.add(new Sample(name, labels, value));
        }
        return samples;
    }

    private static void parseLabels(String body, Map<String, String> labels) {
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf('=', i);
            if (eq < 0) {
                return;
            }
            String key = body.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // after ="
            while (j < body.length() && body.charAt(j) != '"') {
                if (body.charAt(j) == '\\' && j + 1 < body.length()) {
                    j++;
                }
                value.append(body.charAt(j++));
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (i < body.length() && body.charAt(i) == ',') {
                i++;
            }
        }
    }

    /** The names of every sample (e.g. {@code watchfloor_dead_letters_total}, {@code x_seconds_bucket}). */
    public static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        samples(text).forEach(s -> names.add(s.name()));
        return names;
    }

    /** The sum of the samples named {@code name} whose labels include every entry of {@code labels}. */
    public static double sum(String text, String name, Map<String, String> labels) {
        double sum = 0;
        for (Sample s : samples(text)) {
            if (s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())) {
                sum += s.value();
            }
        }
        return sum;
    }

    /** Whether a sample named {@code name} with those labels exists. */
    public static boolean has(String text, String name, Map<String, String> labels) {
        return samples(text).stream().anyMatch(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(labels.entrySet()));
    }
}
