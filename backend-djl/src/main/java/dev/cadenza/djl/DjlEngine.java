package dev.cadenza.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Loads the PyTorch engine of DJL strictly offline: the native libraries come from the
 * {@code pytorch-native-*} jar on the class path, never from a download.
 */
final class DjlEngine {
    /** What to add when the natives are missing; named in every error about them. */
    static final String NATIVE_HINT = "add the runtime dependencies ai.djl.pytorch:pytorch-jni:2.7.1-0.35.1 and "
            + "ai.djl.pytorch:pytorch-native-cpu:2.7.1 with classifier linux-x86_64 "
            + "(for an NVIDIA GPU: ai.djl.pytorch:pytorch-native-cu128:2.7.1, classifier linux-x86_64, CUDA 12.8)";
    /** The resource the native jars carry; its presence is the cheap availability check. */
    static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";
    /** The resource of the {@code pytorch-jni} jar. */
    static final String JNI_PROPERTIES = "jnilib/pytorch.properties";
    static final String ENGINE_CLASS = "ai.djl.pytorch.engine.PtEngine";

    private static volatile Engine engine;
    private static DjlSelfCheck.Health health;
    /** Why the engine was refused at open, if it was: every later call fails the same way without checking again. */
    private static IllegalStateException refused;

    private DjlEngine() {}

    /**
     * The PyTorch engine, loaded on first use with downloads and usage tracking switched off, and checked against
     * known answers before anything else uses it ({@link DjlSelfCheck}).
     *
     * @throws IllegalStateException when the natives cannot be loaded, or when the engine computes wrong numbers
     *     on this machine even after the in-process repair (the message names the fault and the remedy)
     */
    static Engine get() {
        Engine e = engine;
        if (e != null) return e;
        synchronized (DjlEngine.class) {
            if (engine != null) return engine;
            if (refused != null) throw new IllegalStateException(refused.getMessage(), refused);
            // DJL reads these when the engine class initialises; setting them later has no effect. A value the
            // user set explicitly is kept.
            setIfAbsent("ai.djl.offline", "true");
            setIfAbsent("OPT_OUT_TRACKING", "true");
            Engine loaded;
            try {
                loaded = Engine.getEngine("PyTorch");
            } catch (RuntimeException | LinkageError err) {
                throw new IllegalStateException("Cadenza backend 'djl': the PyTorch native library could not be loaded ("
                        + err + "); " + NATIVE_HINT, err);
            }
            try {
                Device device = device(loaded);
                health = DjlSelfCheck.establish("PyTorch " + loaded.getVersion(), device, () -> DjlSelfCheck.run(loaded, device),
                        OneDnn::switchOff);
            } catch (IllegalStateException refusal) {
                refused = refusal;
                throw refusal;
            }
            engine = loaded;
            return engine;
        }
    }

    /** What the known-answer check found when the engine opened (loading the engine first if needed). */
    static synchronized DjlSelfCheck.Health health() {
        get();
        return health;
    }

    /** The GPU when PyTorch sees one (CUDA natives and a driver present), else the CPU. */
    static Device device(Engine e) {
        return e.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
