package org.reflexscope.mm;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.reflexscope.core.support.PackageCycles;

/** The packages of mm-plugin depend on each other one way only. */
@AnalyzeClasses(packages = "org.reflexscope.mm", importOptions = ImportOption.DoNotIncludeTests.class)
class PluginArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = PackageCycles.forbiddenUnder("org.reflexscope.mm");
}
