package org.reflexscope.core.inference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DJL and ONNX Runtime types stay inside the inference package (architecture contract). */
class InferenceArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(java.nio.file.Paths.get("target", "classes"));

    @Test
    void djlAndOnnxRuntimeTypesAppearOnlyInTheInferencePackage() {
        noClasses().that().resideOutsideOfPackages("org.reflexscope.core.inference..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "ai.onnxruntime..", "ai.onnx..")
                .check(classes);
    }

    @Test
    void onlyTheInferencePackageUsesItsInternals() {
        noClasses().that().resideOutsideOfPackages("org.reflexscope.core.inference..")
                .should().dependOnClassesThat().resideInAPackage("org.reflexscope.core.inference.internal..")
                .check(classes);
    }
}
