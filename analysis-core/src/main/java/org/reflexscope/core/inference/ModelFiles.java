package org.reflexscope.core.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns a path a user names (in the plugin panel, on the command line) into a model with its declared spec: a
 * BioImage Model Zoo package (a folder or {@code .zip} holding {@code rdf.yaml}, read by {@link BioImagePackage}) or
 * an ONNX file with its spec sidecar ({@code model.onnx.yaml}, read by {@link ModelSpecFiles}). A bare ONNX file is
 * refused here: nothing says what its output means (the command line lets options describe it instead).
 *
 * <p>Stateless; any thread. Loading reads files and, for packages, validates the model against its test tensors.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** Whether {@code path} names a BioImage Model Zoo package (a folder or a {@code .zip}) rather than a file. */
    public static boolean isPackage(Path path) {
        return Files.isDirectory(path) || name(path).endsWith(".zip");
    }

    /** Whether {@code path} names an ONNX file ({@code .onnx}). */
    public static boolean isOnnx(Path path) {
        return !Files.isDirectory(path) && name(path).endsWith(".onnx");
    }

    /**
     * The model at {@code path} with its declared spec.
     *
     * @throws ModelLoadException if the path does not exist, is neither an ONNX file nor a package, or the package
     *     or sidecar is unusable; the message says what to fix
     */
    public static ModelSource open(Path path) throws ModelLoadException {
        if (!Files.exists(path)) {
            throw new ModelLoadException("Model " + path + " does not exist; choose an ONNX file with its spec "
                    + "sidecar (model.onnx.yaml), a BioImage Model Zoo package (folder or .zip with rdf.yaml), or "
                    + "the embedded default models.");
        }
        if (isPackage(path)) {
            return BioImagePackage.load(path);
        }
        if (isOnnx(path)) {
            return ModelSpecFiles.withSidecar(path);
        }
        throw new ModelLoadException("Model " + path + " is neither an ONNX file (.onnx, with a spec sidecar "
                + "model.onnx.yaml) nor a BioImage Model Zoo package (a folder or .zip with rdf.yaml).");
    }

    private static String name(Path path) {
        Path file = path.getFileName();
        return file == null ? "" : file.toString().toLowerCase(Locale.ROOT);
    }
}
