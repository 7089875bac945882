package org.reflexscope.core.inference.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Build-time entry point (exec-maven-plugin, phase {@code process-classes}): writes the embedded default models as
 * {@code <name>.onnx} into the folder given as the only argument.
 */
public final class DefaultModelWriter {
    private DefaultModelWriter() {
    }

    /** Writes the default models into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: DefaultModelWriter <output folder>");
        }
        Path dir = Paths.get(args[0]);
        Files.createDirectories(dir);
        Files.write(dir.resolve(DefaultModels.DENOISER + ".onnx"), DefaultModels.denoiser());
        Files.write(dir.resolve(DefaultModels.DETECTOR + ".onnx"), DefaultModels.detector());
        Files.write(dir.resolve(DefaultModels.DENOISE_DETECTOR + ".onnx"), DefaultModels.denoiseDetector());
    }
}
