package io.watchfloor.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The architecture every Watchfloor module keeps, stated once: domain code is plain Java, adapter rooms
 * ({@code api}, {@code kafka}, {@code db}, ...) do not import each other, and packages have no cycles. Each
 * module's {@code ArchitectureTest} applies these to its own classes.
 */
public final class ArchitectureRules {
    /** What domain code must not touch: frameworks, Kafka, Avro and the generated contract, JDBC. */
    static final String[] FRAMEWORKS = {"org.apache.kafka..", "io.micronaut..", "org.apache.avro..",
        "io.watchfloor.schemas.avro..", "java.sql..", "javax.sql..", "org.postgresql..", "jakarta..",
        "io.micrometer..", "io.watchfloor.edge.."};

    private ArchitectureRules() {
    }

    /** Classes in {@code <base>.domain..} use plain Java (and small libraries such as Jackson) only. */
    public static ArchRule domainIsPlainJava(String base) {
        return noClasses().that().resideInAPackage(base + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .because("domain logic is plain Java that can be tested without Kafka, Micronaut, Avro or a "
                        + "database (STYLE.md)");
    }

    /**
     * No adapter room depends on another: each talks to the use cases and the domain only. A room may span
     * several packages, written {@code "api|feeds.http"} (relative to {@code base}).
     */
    public static ArchRule adaptersIndependent(String base, String... rooms) {
        List<ArchRule> rules = new ArrayList<>();
        for (String room : rooms) {
            List<String> others = new ArrayList<>();
            for (String other : rooms) {
                if (!other.equals(room)) {
                    others.addAll(packages(base, other));
                }
            }
            if (!others.isEmpty()) {
                rules.add(noClasses().that().resideInAnyPackage(packages(base, room).toArray(String[]::new))
                        .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                        .because("adapter rooms do not import each other; they meet in the use case and domain")
                        .allowEmptyShould(true));
            }
        }
        return CompositeArchRule.of(rules);
    }

    private static List<String> packages(String base, String room) {
        List<String> out = new ArrayList<>();
        for (String p : room.split("\\|")) {
            out.add(base + "." + p + "..");
        }
        return out;
    }

    /** No cycles between the packages below {@code base}, at any depth. */
    public static ArchRule noPackageCycles(String base) {
        return slices().matching(base + ".(**)").should().beFreeOfCycles();
    }

    /** No cycles between the top-level rooms below {@code base} (each room with its sub-packages). */
    public static ArchRule noRoomCycles(String base) {
        return slices().matching(base + ".(*)..").should().beFreeOfCycles();
    }
}
