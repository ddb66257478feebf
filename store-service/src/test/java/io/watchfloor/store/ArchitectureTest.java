package io.watchfloor.store;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.watchfloor.testsupport.ArchitectureRules;

/** Store's rooms: plain-Java domain, independent adapter rooms, no package cycles. */
@AnalyzeClasses(packages = "io.watchfloor.store", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule DOMAIN_IS_PLAIN_JAVA = ArchitectureRules.domainIsPlainJava("io.watchfloor.store");
    @ArchTest
    static final ArchRule ADAPTERS_ARE_INDEPENDENT = ArchitectureRules.adaptersIndependent("io.watchfloor.store",
            "api", "kafka", "db", "catalog", "export", "taxii", "ui", "ingest", "alerts");
    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = ArchitectureRules.noPackageCycles("io.watchfloor.store");
}

