package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicroManagerInstallationTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFolderSaysWhatToPointAt() {
        assertThatThrownBy(() -> MicroManagerInstallation.locate(dir.resolve("nope")))
                .isInstanceOf(MmCoreSessionException.class).hasMessageContaining("does not exist")
                .hasMessageContaining("MMConfig_demo.cfg");
    }

    @Test
    void aFolderWithoutTheNativeCoreIsRejected() {
        assertThatThrownBy(() -> MicroManagerInstallation.locate(dir)).isInstanceOf(MmCoreSessionException.class)
                .hasMessageContaining("MMCoreJ_wrap").hasMessageContaining("installation folder");
    }

    @Test
    void findsTheCoreAdaptersAndConfig() throws Exception {
        Files.createFile(dir.resolve("libMMCoreJ_wrap.so"));
        Files.createFile(dir.resolve("libmmgr_dal_DemoCamera.so.0"));
        Files.createFile(dir.resolve("mmgr_dal_Utilities.dll"));
        Files.createFile(dir.resolve("MMConfig_demo.cfg"));
        MicroManagerInstallation mm = MicroManagerInstallation.locate(dir);
        assertThat(mm.nativeLibrary().getFileName().toString()).isEqualTo("libMMCoreJ_wrap.so");
        assertThat(mm.adapterNames()).containsExactlyInAnyOrder("DemoCamera", "Utilities");
        assertThat(mm.config("MMConfig_demo.cfg")).isEqualTo(mm.demoConfig());
        assertThatThrownBy(() -> mm.config("Mine.cfg")).isInstanceOf(MmCoreSessionException.class)
                .hasMessageContaining("Mine.cfg");
    }

    @Test
    void currentMmCoreJsLibraryNameIsPreferredToTheOldOne() throws Exception {
        Files.createFile(dir.resolve("libMMCoreJ_wrap.so"));
        Files.createFile(dir.resolve("libmmcorej.so.1"));
        assertThat(MicroManagerInstallation.locate(dir).nativeLibrary().getFileName().toString())
                .isEqualTo("libmmcorej.so.1");
        Files.createFile(dir.resolve("libmmcorej.so"));
        assertThat(MicroManagerInstallation.locate(dir).nativeLibrary().getFileName().toString())
                .isEqualTo("libmmcorej.so");
    }

    @Test
    void windowsNamesAreFound() throws Exception {
        Files.createFile(dir.resolve("mmcorej.dll"));
        assertThat(MicroManagerInstallation.locate(dir).nativeLibrary().getFileName().toString())
                .isEqualTo("mmcorej.dll");
    }

    @Test
    void anUnloadableNativeCoreGivesAClearMessageNotALinkError() throws Exception {
        Files.write(dir.resolve("libMMCoreJ_wrap.so"), new byte[] {1, 2, 3, 4});
        Files.createFile(dir.resolve("MMConfig_demo.cfg"));
        assertThatThrownBy(() -> MmCoreSession.open(dir, "MMConfig_demo.cfg"))
                .isInstanceOf(MmCoreSessionException.class)
                .hasMessageContaining("Point Reflex at a Micro-Manager installation folder")
                .hasCauseInstanceOf(UnsatisfiedLinkError.class);
    }
}
