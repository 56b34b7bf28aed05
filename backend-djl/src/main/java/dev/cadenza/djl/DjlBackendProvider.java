package dev.cadenza.djl;

import dev.cadenza.spi.Availability;
import dev.cadenza.spi.BackendProvider;
import dev.cadenza.spi.Engine;

import java.util.Locale;

/**
 * The DJL (PyTorch engine) backend's provider: cheap to construct and to ask, it loads native code only in
 * {@link #open()}.
 */
public final class DjlBackendProvider implements BackendProvider {
    /** Below the pure-Java backend (100): DJL is chosen by name, or when it is the only backend present. */
    public static final int PRIORITY = 50;

    static final String NAME = "djl";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

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

    /** Loads PyTorch (offline) and runs the known-answer check ({@link DjlSelfCheck}) before the engine is handed out. */
    @Override
    public Engine open() {
        return new DjlBackend(DjlEngine.get());
    }
}
