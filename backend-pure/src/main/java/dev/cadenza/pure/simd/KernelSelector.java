package dev.cadenza.pure.simd;

/**
 * Picks the kernel implementation once. The Vector API module is probed by name before any class that uses it is
 * loaded, so the backend runs (slower) on a JVM started without {@code --add-modules jdk.incubator.vector}.
 */
final class KernelSelector {
    static final Kernels BEST = select();

    private KernelSelector() {}

    private static Kernels select() {
        if (Boolean.getBoolean("cadenza.pure.scalar")) return new ScalarKernels();
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            System.getLogger("dev.cadenza.pure").log(System.Logger.Level.INFO,
                    "jdk.incubator.vector is not enabled: pure-Java kernels run scalar (several times slower). "
                            + "Start the JVM with --add-modules jdk.incubator.vector.");
            return new ScalarKernels();
        }
        try {
            return (Kernels) Class.forName("dev.cadenza.pure.simd.VectorKernels").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            System.getLogger("dev.cadenza.pure").log(System.Logger.Level.WARNING, "Vector API kernels failed to load, using scalar: " + e);
            return new ScalarKernels();
        }
    }
}
