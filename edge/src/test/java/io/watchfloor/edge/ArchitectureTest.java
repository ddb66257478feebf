package io.watchfloor.edge;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.watchfloor.testsupport.ArchitectureRules;

/** The shared edge has no package cycles. */
@AnalyzeClasses(packages = "io.watchfloor.edge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = ArchitectureRules.noPackageCycles("io.watchfloor.edge");
}

