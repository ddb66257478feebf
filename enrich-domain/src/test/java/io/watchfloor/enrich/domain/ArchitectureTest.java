package io.watchfloor.enrich.domain;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.watchfloor.testsupport.ArchitectureRules;

/** The enricher is plain Java with no package cycles. */
@AnalyzeClasses(packages = "io.watchfloor.enrich.domain", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule DOMAIN_IS_PLAIN_JAVA = ArchitectureRules.domainIsPlainJava("io.watchfloor.enrich");
    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = ArchitectureRules.noPackageCycles("io.watchfloor.enrich.domain");
}

