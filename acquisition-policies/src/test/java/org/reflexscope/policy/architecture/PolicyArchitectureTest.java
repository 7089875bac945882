package org.reflexscope.policy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.support.PackageCycles;
import org.reflexscope.policy.hardware.MicroscopeControl;

/** Runner, engine, policy: only the engine talks to the hardware; policies and values stay pure. */
class PolicyArchitectureTest {
    private static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("org.reflexscope.policy");

    @Test
    void policiesNeverCallTheHardwarePort() {
        noClasses().that().resideInAnyPackage("..policy.refocus..", "..policy.track..", "..policy.trigger..",
                "..policy.rate..", "..policy.plan..", "..policy.safety..", "..policy.log..")
                .should().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                        DescribedPredicate.describe("MicroscopeControl", o -> o.isAssignableTo(
                                MicroscopeControl.class)))))
                .because("policies propose plans; only the PolicyEngine executes them, on its hardware thread")
                .check(classes);
    }

    @Test
    void policiesStartNoThreads() {
        noClasses().that().resideInAnyPackage("..policy.refocus..", "..policy.track..", "..policy.trigger..",
                "..policy.rate..", "..policy.plan..", "..policy.safety..", "..policy.log..")
                .should().dependOnClassesThat().haveFullyQualifiedName(Thread.class.getName())
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .because("policies are called from the engine's decision thread only")
                .check(classes);
    }

    @Test
    void dependsOnNoOuterModuleNorInferenceEngine() {
        noClasses().that().resideInAPackage("org.reflexscope.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("org.reflexscope.sim..", "org.reflexscope.cli..",
                        "org.reflexscope.mm..", "mmcorej..", "ai.djl..")
                .check(classes);
    }

    @Test
    void theEngineNeverTouchesTheFramePipeline() {
        noClasses().that().resideInAnyPackage("..policy.engine..", "..policy.refocus..", "..policy.track..",
                "..policy.trigger..", "..policy.rate..", "..policy.plan..", "..policy.safety..", "..policy.log..")
                .should().dependOnClassesThat().resideInAPackage("org.reflexscope.core.pipeline..")
                .because("after a hardware failure recording must continue: the engine only listens to results "
                        + "(AnalysisListener, in org.reflexscope.core.analysis)")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        PackageCycles.forbiddenUnder("org.reflexscope.policy").check(classes);
    }
}
