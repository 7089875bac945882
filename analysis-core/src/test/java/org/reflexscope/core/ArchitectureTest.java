package org.reflexscope.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.reflexscope.core.support.PackageCycles;

/** Keeps engine and Micro-Manager types where docs/architecture.md allows them, and packages free of cycles. */
@AnalyzeClasses(packages = "org.reflexscope.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule djlAndOnnxRuntimeStayInTheInferencePackage = noClasses()
            .that().resideOutsideOfPackage("org.reflexscope.core.inference..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "ai.onnxruntime..")
            .because("DJL/ONNX Runtime types are confined to org.reflexscope.core.inference (docs/architecture.md)");

    @ArchTest
    static final ArchRule mmcorejTypesStayInTheRecordPackage = noClasses()
            .that().resideOutsideOfPackage("org.reflexscope.core.record..")
            .should().dependOnClassesThat().resideInAnyPackage("mmcorej..", "org.micromanager..")
            .because("NDTiffStorage's MMCoreJ JSON classes stay inside the NDTiff recorder/reader");

    @ArchTest
    static final ArchRule disruptorStaysInThePipelinePackage = noClasses()
            .that().resideOutsideOfPackage("org.reflexscope.core.pipeline..")
            .should().dependOnClassesThat().resideInAnyPackage("com.lmax..")
            .because("the ring is an implementation detail of FramePipeline");

    @ArchTest
    static final ArchRule noPackageCycles = PackageCycles.forbiddenUnder("org.reflexscope.core");
}
