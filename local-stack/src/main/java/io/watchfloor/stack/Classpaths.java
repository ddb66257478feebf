package io.watchfloor.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Classpaths for the child JVMs: this JVM's own (Kafka, registry) and each service module's build output. */
final class Classpaths {

    private Classpaths() {
    }

    /**
     * This JVM's classpath as a path list. A manifest-only jar (as Maven's surefire/failsafe use) is
     * expanded into its Class-Path entries so a child JVM sees the same classes.
     */
    static String own() {
        String classpath = System.getProperty("java.class.path");
        String[] entries = classpath.split(File.pathSeparator);
        if (entries.length == 1 && entries[0].endsWith(".jar")) {
            List<String> expanded = expandManifest(Path.of(entries[0]));
            if (!expanded.isEmpty()) {
                return String.join(File.pathSeparator, expanded);
            }
        }
        List<String> absolute = new ArrayList<>();
        for (String entry : entries) {
            // children run with the data folder as working directory: relative entries would break
            absolute.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, absolute);
    }

    /** {@code <module>/target/classes} plus the entries of {@code <module>/target/classpath.txt}. */
    static String module(Path repoRoot, String module) {
        Path target = repoRoot.resolve(module).resolve("target");
        Path classes = target.resolve("classes");
        Path listFile = target.resolve("classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(listFile)) {
            throw new IllegalStateException(module + " is not built (missing " + repoRoot.relativize(listFile)
                    + " or target/classes). Run `./mvnw -B -DskipTests install` in " + repoRoot
                    + " (./watchfloor up does this for you).");
        }
        try {
            String deps = Files.readString(listFile, StandardCharsets.UTF_8).trim();
            return deps.isEmpty() ? classes.toString() : classes + File.pathSeparator + deps;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + listFile, e);
        }
    }

    /**
     * The module's own build output when it has been built in this checkout (freshest), otherwise this
     * JVM's classpath (the module is a Maven dependency of local-stack).
     */
    static String moduleOrOwn(Path repoRoot, String module) {
        Path target = repoRoot.resolve(module).resolve("target");
        boolean built = Files.isRegularFile(target.resolve("classpath.txt"))
                && Files.isDirectory(target.resolve("classes").resolve("io"));
        return built ? module(repoRoot, module) : own();
    }

    private static List<String> expandManifest(Path jar) {
        List<String> result = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return result;
            }
            URI base = jar.toAbsolutePath().getParent().toUri();
            for (String entry : classPath.trim().split("\\s+")) {
                URI uri = base.resolve(entry);
                result.add(Path.of(uri).toString());
            }
        } catch (IOException | IllegalArgumentException e) {
            result.clear();
        }
        return result;
    }
}
