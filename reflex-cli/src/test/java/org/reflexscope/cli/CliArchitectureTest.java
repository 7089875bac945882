package org.reflexscope.cli;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.reflexscope.core.support.PackageCycles;

/** The packages of reflex-cli depend on each other one way only: the commands use run, report, console and input. */
@AnalyzeClasses(packages = "org.reflexscope.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class CliArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = PackageCycles.forbiddenUnder("org.reflexscope.cli");
}
