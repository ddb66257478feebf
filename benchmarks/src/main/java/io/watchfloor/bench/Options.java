package io.watchfloor.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name=value} and bare {@code --flag} arguments. */
final class Options {

    private Options() {
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (String a : args) {
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected --name=value or --flag, got " + a);
            }
            int eq = a.indexOf('=');
            if (eq < 0) {
                opt.put(a.substring(2), "true");
            } else {
                opt.put(a.substring(2, eq), a.substring(eq + 1));
            }
        }
        return opt;
    }

    static int integer(Map<String, String> opt, String name, int fallback) {
        return opt.containsKey(name) ? Integer.parseInt(opt.get(name)) : fallback;
    }
}
