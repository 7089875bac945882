package org.reflexscope.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Device selection (auto falls back to CPU, gpu fails clearly without CUDA) and the offline guarantee. */
class InferenceRuntimeTest {

    @Test
    void cpuAndAutoRunOnTheCpuHere() throws Exception {
        for (Device d : new Device[] {Device.CPU, Device.AUTO}) {
            try (InferenceRuntime rt = new InferenceRuntime(d, 1); TensorModel m = rt.load(ModelCatalog.denoiser())) {
                assertThat(m.device()).isEqualTo("onnxruntime CPU");
                m.input(16, 16).put(new float[256]);
                m.run();
                assertThat(m.output(0).remaining()).isEqualTo(256);
            }
        }
    }

    @Test
    void gpuFailsWithAClearMessageWhenCudaIsUnavailable() {
        try (InferenceRuntime rt = new InferenceRuntime(Device.GPU, 1)) {
            assertThatThrownBy(() -> rt.load(ModelCatalog.denoiser())).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("Device gpu was requested but the CUDA execution provider is unavailable")
                    .hasMessageContaining("-Pgpu").hasMessageContaining("auto/cpu");
        }
    }

    @Test
    void autoTellsUsersOfTheCpuBuildHowToGetTheGpuAndOnlyThem() {
        // The CPU jar's failure, as seen on a machine with an NVIDIA H200 (docs/benchmarks/device.md).
        assertThat(InferenceRuntime.cpuBuildHint(
                "Error code - ORT_EP_FAIL - message: Failed to find CUDA shared provider"))
                .contains("CPU ONNX Runtime").contains("-Pgpu");
        // The GPU jar without CUDA libraries: the libraries are what is missing, not the build.
        assertThat(InferenceRuntime.cpuBuildHint("libcublasLt.so.12: cannot open shared object file")).isEmpty();
    }

    @Test
    void deviceNamesParseAndUnknownOnesAreNamed() {
        assertThat(Device.parse("Auto")).isEqualTo(Device.AUTO);
        assertThat(Device.parse(" gpu ")).isEqualTo(Device.GPU);
        assertThatThrownBy(() -> Device.parse("tpu")).hasMessageContaining("use auto, cpu or gpu");
    }

    @Test
    void runsOfflineAndAttemptsNoNetworkConnection() throws Exception {
        List<URI> attempts = new CopyOnWriteArrayList<>();
        ProxySelector previous = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                attempts.add(uri);
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                attempts.add(uri);
            }
        });
        try (InferenceRuntime rt = new InferenceRuntime(Device.AUTO, 1);
                TensorModel m = rt.load(ModelCatalog.detector());
                InferenceRuntime djlRuntime = new InferenceRuntime(Device.AUTO, 1, InferenceRuntime.Backend.DJL);
                TensorModel djl = djlRuntime.load(ModelCatalog.detector())) {
            assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
            for (TensorModel model : new TensorModel[] {m, djl}) {
                java.nio.FloatBuffer in = model.input(32, 32);
                for (int i = 0; i < 32 * 32; i++) {
                    in.put((i * 7919 % 101) / 101f);
                }
                model.run();
            }
            assertThat(djl.device()).startsWith("djl onnxruntime");
            assertThat(djl.outputCount()).isEqualTo(2);
            float[] a = new float[32 * 32];
            float[] b = new float[32 * 32];
            m.output(0).get(a);
            djl.output(0).get(b);
            assertThat(b).containsExactly(a);
        } finally {
            ProxySelector.setDefault(previous);
        }
        assertThat(attempts).as("network connections attempted").isEmpty();
    }

    @Test
    void fusedDefaultModelGivesTheSameOutputsOnBothBackends() throws Exception {
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);
                TensorModel ort = rt.load(ModelCatalog.denoiseDetector());
                InferenceRuntime djlRuntime = new InferenceRuntime(Device.CPU, 1, InferenceRuntime.Backend.DJL);
                TensorModel djl = djlRuntime.load(ModelCatalog.denoiseDetector())) {
            for (TensorModel model : new TensorModel[] {ort, djl}) {
                java.nio.FloatBuffer in = model.input(40, 36);
                for (int i = 0; i < 40 * 36; i++) {
                    in.put(10 + (i * 7919 % 101) / 5f);
                }
                model.run();
            }
            assertThat(djl.outputCount()).isEqualTo(3);
            for (int o = 0; o < 3; o++) {
                assertThat(djl.outputShape(o)).containsExactly(ort.outputShape(o));
                float[] a = new float[ort.output(o).remaining()];
                float[] b = new float[djl.output(o).remaining()];
                ort.output(o).get(a);
                djl.output(o).get(b);
                assertThat(b).as("output %d", o).containsExactly(a);
            }
        }
    }
}
