package org.reflexscope.mm.panel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.reflexscope.core.inference.BioImagePackage;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.core.inference.ModelSpecFiles;

/**
 * What the panel's model field names, as the models to load with their declared specs: nothing (the field is
 * empty: the embedded default models), a BioImage Model Zoo package (a folder or {@code .zip} holding
 * {@code rdf.yaml}, read by {@link BioImagePackage}) or an ONNX file with its spec sidecar ({@code model.onnx.yaml},
 * read by {@link ModelSpecFiles}). A bare ONNX file is refused: Reflex cannot guess what its output means.
 *
 * <p>Stateless; any thread.
 */
final class UserModels {
    private UserModels() {
    }

    /**
     * The user's model at {@code path}, or an empty list for {@code ""} (the embedded default models).
     *
     * @throws ModelLoadException if the file is missing, of an unknown kind, or its package/sidecar is unusable;
     *     the message (from {@link BioImagePackage} or {@link ModelSpecFiles}) says what to fix
     */
    static List<ModelSource> load(String path) throws ModelLoadException {
        String trimmed = path.trim();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        Path file = Path.of(trimmed);
        if (!Files.exists(file)) {
            throw new ModelLoadException("Model " + file + " does not exist; choose an ONNX file with its spec "
                    + "sidecar (model.onnx.yaml), a BioImage Model Zoo package (folder or .zip with rdf.yaml), or "
                    + "leave the field empty for the embedded default models.");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(file) || name.endsWith(".zip")) {
            return List.of(BioImagePackage.load(file));
        }
        if (name.endsWith(".onnx")) {
            return List.of(ModelSpecFiles.withSidecar(file));
        }
        throw new ModelLoadException("Model " + file + " is neither an ONNX file (.onnx, with a spec sidecar "
                + "model.onnx.yaml) nor a BioImage Model Zoo package (a folder or .zip with rdf.yaml).");
    }
}
