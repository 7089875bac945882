package org.reflexscope.mm.panel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.CameraModel;
import org.reflexscope.core.inference.Device;
import org.reflexscope.core.inference.ModelFiles;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelSource;

/**
 * What the panel's model field names, as the models to load with their declared specs: nothing (the field is
 * empty: the embedded default models), or what {@link ModelFiles} opens — a BioImage Model Zoo package or an ONNX
 * file with its spec sidecar. A bare ONNX file is refused: Reflex cannot guess what its output means.
 *
 * <p>Stateless; any thread (loading and checking block).
 */
final class UserModels {
    /** Timed runs of a model check (after the check's warm-up). */
    static final int CHECK_RUNS = 5;

    private UserModels() {
    }

    /**
     * Loads the model at {@code path} with its declared spec, runs its test cases and times it
     * ({@link org.reflexscope.core.inference.ModelCheck}), and builds the analysis chain a run would use. Never
     * throws for a bad model: the result says why, in the loader's words.
     */
    static ModelCheck check(String path) {
        try {
            List<ModelSource> models = load(path);
            List<String> parts = new ArrayList<>();
            for (ModelSource m : models) {
                org.reflexscope.core.inference.ModelCheck.Report r =
                        org.reflexscope.core.inference.ModelCheck.check(m, Device.AUTO, CHECK_RUNS);
                parts.add(String.format(Locale.ROOT, "%s (%s) on %s, %d test case(s) passed, p50 %.1f ms",
                        r.name(), m.spec().outputKind().name().toLowerCase(Locale.ROOT), r.device(),
                        r.testCasesPassed(), r.p50Ms()));
            }
            // unbinned: the binning for the camera is chosen when a run starts
            try (AnalysisChain chain = chain(models, 1)) {
                parts.add(chain.describe());
            }
            return ModelCheck.usable((models.isEmpty() ? "embedded default models: " : "") + String.join("; ", parts));
        } catch (ModelLoadException | RuntimeException e) {
            return ModelCheck.unusable(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * The analysis chain with {@code models} each in the place its spec's output kind names (denoiser, detector,
     * classifier), the embedded defaults elsewhere, on frames binned by {@code binning}. The caller closes it.
     *
     * @throws ModelLoadException if a model does not load or fails its test cases
     */
    static AnalysisChain chain(List<ModelSource> models, int binning) throws ModelLoadException {
        return chain(models, binning, CameraModel.measured());
    }

    /** As {@link #chain(List, int)}, with the camera model {@code camera} (what is not stated is measured). */
    static AnalysisChain chain(List<ModelSource> models, int binning, CameraModel camera) throws ModelLoadException {
        AnalysisChain.Builder b = AnalysisChain.builder().optBinning(binning).optCameraModel(camera);
        models.forEach(b::optModel);
        return b.build();
    }

    /**
     * The user's model at {@code path}, or an empty list for {@code ""} (the embedded default models).
     *
     * @throws ModelLoadException if the file is missing, of an unknown kind, or its package/sidecar is unusable;
     *     the message (from {@link ModelFiles}) says what to fix
     */
    static List<ModelSource> load(String path) throws ModelLoadException {
        String trimmed = path.trim();
        return trimmed.isEmpty() ? List.of() : List.of(ModelFiles.open(Path.of(trimmed)));
    }
}
