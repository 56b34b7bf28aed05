package dev.cadenza.djl;

import dev.cadenza.spi.Availability;
import dev.cadenza.spi.BackendProvider;
import dev.cadenza.spi.Engine;

import java.util.Locale;

/**
 * The provider of backend {@code "djl"}: Cadenza's recurrent sequence models (embedding, one-hot, feature and
 * multi-hot inputs; LSTM, GRU, SimpleRNN, bidirectional, causal and dilated convolution, BatchNorm, dropout and
 * Dense layers) trained and sampled on DJL 0.35.1 with the PyTorch 2.7.1 engine, on the GPU when PyTorch sees a CUDA
 * device and on the CPU otherwise.
 * <p>
 * Registered in {@code META-INF/services/dev.cadenza.spi.BackendProvider} and found by the api's service discovery;
 * users do not call it. Choose it by name ({@code Cadenza.discover().backend("djl")}, the system property
 * {@code cadenza.backend=djl} or the environment variable {@code CADENZA_BACKEND=djl}); when no backend is named it
 * is chosen only if no backend of higher {@link #PRIORITY} (the pure-Java one) is available.
 * <p>
 * It is cheap to construct and to ask: {@link #availability()} looks for classes and resources on the class path and
 * loads no native code. {@link #open()} loads PyTorch strictly offline (downloads and usage tracking switched off)
 * and runs a known-answer check of the engine before anything computes with it (see {@code backend-djl/README.md}).
 * The provider holds no state of its own and is safe to use from any thread; the engine it opens is loaded and
 * checked once per JVM.
 */
public final class DjlBackendProvider implements BackendProvider {
    /**
     * This backend's rank when no backend is named: 50, below the pure-Java backend's 100 and above DL4J's 40, so DJL
     * is chosen by name, or when the pure-Java backend is not available.
     */
    public static final int PRIORITY = 50;

    static final String NAME = "djl";

    /**
     * The name users select this backend by.
     *
     * @return {@code "djl"}
     */
    @Override
    public String name() {
        return NAME;
    }

    /**
     * This backend's rank when no backend is named (higher wins).
     *
     * @return {@link #PRIORITY}, 50
     */
    @Override
    public int priority() {
        return PRIORITY;
    }

    /**
     * Whether {@link #open()} can be expected to work here, without loading any native code: DJL's PyTorch engine
     * classes ({@code ai.djl.pytorch:pytorch-engine}) must be on the class path, a PyTorch native library either on
     * the class path (a {@code pytorch-native-*} jar) or named by the environment variable
     * {@code PYTORCH_LIBRARY_PATH}, DJL's JNI bridge ({@code pytorch-jni}) on the class path, and the platform one
     * PyTorch is built for (Linux, macOS or Windows on x86-64 or AArch64). A machine that passes may still be refused
     * by {@link #open()}, if the natives fail to load or the engine fails its known-answer check.
     *
     * @return {@code yes}, or {@code no} with the first thing missing and the artifacts to add; never {@code null}
     */
    @Override
    public Availability availability() {
        ClassLoader loader = DjlBackendProvider.class.getClassLoader();
        try {
            Class.forName(DjlEngine.ENGINE_CLASS, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Availability.no("DJL's PyTorch engine classes are missing: add ai.djl.pytorch:pytorch-engine:0.35.1");
        }
        if (loader.getResource(DjlEngine.NATIVE_PROPERTIES) == null && System.getenv("PYTORCH_LIBRARY_PATH") == null)
            return Availability.no("no PyTorch native library on the class path: " + DjlEngine.NATIVE_HINT);
        if (loader.getResource(DjlEngine.JNI_PROPERTIES) == null)
            return Availability.no("DJL's JNI bridge to PyTorch is missing: " + DjlEngine.NATIVE_HINT);
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean supported = (os.contains("linux") || os.contains("mac") || os.contains("windows"))
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
        if (!supported) return Availability.no("PyTorch natives are not built for " + os + "/" + arch);
        return Availability.yes();
    }

    /**
     * Loads PyTorch and checks it, then hands out the engine. The first call in a JVM sets the system properties
     * {@code ai.djl.offline} and {@code OPT_OUT_TRACKING} to {@code true} unless they are already set, loads libtorch
     * from the native jar on the class path (a few seconds) and runs a known-answer check: a tiny model with fixed
     * weights (embedding, causal convolution, LSTM, Dense) whose logits, loss and gradients must match a
     * double-precision reference to a relative 1e-4 on the CPU (1e-2 on a GPU, where cuDNN computes in TF32). If the
     * check fails, oneDNN is switched off for the JVM and the check runs again. The outcome is logged once: INFO when
     * the check passed, WARNING when it needed oneDNN switched off. Later calls reuse the checked engine, or repeat a
     * refusal by the check without running it again (a failure to load the natives is retried). Thread-safe:
     * concurrent first calls load and check the engine once.
     *
     * @return a new engine on the shared PyTorch engine; its models run on the GPU when PyTorch sees one, otherwise
     *     on the CPU
     * @throws IllegalStateException when the PyTorch natives cannot be loaded (the message names the artifacts and
     *     classifier to add), or when PyTorch computes wrong numbers on this machine even with oneDNN switched off,
     *     or oneDNN cannot be switched off (the message names the quantities off, by how much, the cause and the
     *     remedy: {@code ONEDNN_MAX_CPU_ISA=AVX} or backend {@code pure})
     */
    @Override
    public Engine open() {
        return new DjlBackend(DjlEngine.get());
    }
}
