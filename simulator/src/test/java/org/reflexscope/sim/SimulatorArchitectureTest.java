package org.reflexscope.sim;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.reflexscope.core.support.PackageCycles;

/** The packages of simulator depend on each other one way only. */
@AnalyzeClasses(packages = "org.reflexscope.sim", importOptions = ImportOption.DoNotIncludeTests.class)
class SimulatorArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = PackageCycles.forbiddenUnder("org.reflexscope.sim");
}
