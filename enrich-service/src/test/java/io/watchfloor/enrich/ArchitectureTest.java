package io.watchfloor.enrich;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.watchfloor.testsupport.ArchitectureRules;

/** enrich-service: the topology knows nothing of Micronaut; no cycles between its rooms and the domain. */
@AnalyzeClasses(packages = "io.watchfloor.enrich", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule TOPOLOGY_IS_PLAIN_STREAMS = noClasses()
            .that().resideInAPackage("io.watchfloor.enrich.topology..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "io.watchfloor.enrich.kafka..")
            .because("the topology is a plain method on StreamsBuilder that TopologyTestDriver runs (STYLE.md)");
    @ArchTest
    static final ArchRule NO_ROOM_CYCLES = ArchitectureRules.noRoomCycles("io.watchfloor.enrich");
}

