package org.reflexscope.core.support;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The architecture rule every module's tests hold: no package cycles. Each package under a module's root package is
 * one slice, its {@code internal} sub-package counted with it (an implementation detail of the package above); the
 * root package is a slice of its own, and so is the root's {@code internal} package (helpers the whole module
 * shares). A dependency cycle between any two slices fails the rule.
 */
public final class PackageCycles {
    private static final String INTERNAL = ".internal";

    private PackageCycles() {
    }

    /** No cycle between the packages under {@code root} (e.g. {@code "org.reflexscope.core"}). */
    public static ArchRule forbiddenUnder(String root) {
        return slices().assignedFrom(new PackageSlices(root)).should().beFreeOfCycles()
                .because("ports and values live in the package both sides depend on (docs/architecture.md)");
    }

    private static final class PackageSlices implements SliceAssignment {
        private final String root;

        PackageSlices(String root) {
            this.root = root;
        }

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (!name.equals(root) && !name.startsWith(root + ".")) {
                return SliceIdentifier.ignore();
            }
            boolean belongsAbove = name.endsWith(INTERNAL) && !name.equals(root + INTERNAL);
            return SliceIdentifier.of(belongsAbove ? name.substring(0, name.length() - INTERNAL.length()) : name);
        }

        @Override
        public String getDescription() {
            return "the packages under " + root + " (each with its internal package)";
        }
    }
}
