package org.reflexscope.bench;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.reflexscope.core.support.PackageCycles;

/** The packages of benchmarks depend on each other one way only. */
@AnalyzeClasses(packages = "org.reflexscope.bench", importOptions = ImportOption.DoNotIncludeTests.class)
class BenchmarksArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = PackageCycles.forbiddenUnder("org.reflexscope.bench");
}
