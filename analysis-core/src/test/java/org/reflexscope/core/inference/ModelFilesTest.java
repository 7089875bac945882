package org.reflexscope.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void aMissingPathSaysWhatToChoose() {
        assertThatThrownBy(() -> ModelFiles.open(dir.resolve("gone.onnx"))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("gone.onnx").hasMessageContaining("does not exist")
                .hasMessageContaining("rdf.yaml");
    }

    @Test
    void aFileOfAnotherKindIsRefused() throws Exception {
        Path tif = Files.createFile(dir.resolve("weights.tif"));
        assertThat(ModelFiles.isOnnx(tif)).isFalse();
        assertThat(ModelFiles.isPackage(tif)).isFalse();
        assertThatThrownBy(() -> ModelFiles.open(tif)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("neither an ONNX file");
    }

    @Test
    void aBareOnnxFileNamesTheSidecarsItLookedFor() throws Exception {
        Path onnx = Files.write(dir.resolve("net.onnx"), new byte[] {1, 2, 3});
        assertThat(ModelSpecFiles.hasSidecar(onnx)).isFalse();
        assertThatThrownBy(() -> ModelFiles.open(onnx)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no spec sidecar").hasMessageContaining("net.onnx.yaml")
                .hasMessageContaining("net.json");
        Files.writeString(dir.resolve("net.yml"), "output: probability\n");
        assertThat(ModelSpecFiles.hasSidecar(onnx)).as("the stem's sidecar counts").isTrue();
    }

    @Test
    void foldersAndZipsArePackages() throws Exception {
        assertThat(ModelFiles.isPackage(dir)).isTrue();
        assertThat(ModelFiles.isPackage(dir.resolve("model.ZIP"))).isTrue();
        assertThat(ModelFiles.isOnnx(dir.resolve("Model.ONNX"))).isTrue();
        assertThatThrownBy(() -> ModelFiles.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("rdf.yaml");
    }
}
