package dev.cadenza.dl4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What ND4J's native CPU backend needs on this machine, and the one-time loading of it. Everything except
 * {@link #load()} is cheap: it reads class-path resources and {@code /proc/cpuinfo}, never native code.
 */
final class NativeRuntime {
    static final String ND4J_VERSION = "1.0.0-M2.1";
    private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";
    private static final String[] VARIANTS = {"linux-x86_64-avx512", "linux-x86_64-avx2", "linux-x86_64"};

    /** System property: threads for ND4J's OpenMP loops and OpenBLAS (default: ND4J's choice, one per core). */
    static final String THREADS_PROPERTY = "cadenza.dl4j.threads";

    private static volatile boolean loaded;

    private NativeRuntime() {}

    /** The nd4j-native classifier this machine can run best ("linux-x86_64-avx512" ...), or null off Linux x86-64. */
    static String bestClassifier() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) return null;
        String flags = cpuFlags();
        if (flags.contains(" avx512f ") && flags.contains(" avx512bw ")) return VARIANTS[0];
        if (flags.contains(" avx2 ")) return VARIANTS[1];
        return VARIANTS[2];
    }

    /** The native variants whose jars are on the class path, best first. */
    static java.util.List<String> presentClassifiers() {
        ClassLoader loader = NativeRuntime.class.getClassLoader();
        java.util.List<String> present = new java.util.ArrayList<>();
        for (String v : VARIANTS)
            if (loader.getResource(BINDINGS + v + "/libjnind4jcpu.so") != null) present.add(v);
        return present;
    }

    /** The variants on the class path that this CPU can execute. */
    static java.util.List<String> usableClassifiers() {
        String best = bestClassifier();
        if (best == null) return java.util.List.of();
        int from = java.util.Arrays.asList(VARIANTS).indexOf(best);
        java.util.List<String> usable = new java.util.ArrayList<>();
        for (String v : presentClassifiers())
            if (java.util.Arrays.asList(VARIANTS).indexOf(v) >= from) usable.add(v);
        return usable;
    }

    /** Why ND4J cannot run here, or null when the classes and a matching native variant are present. */
    static String problem() {
        if (!classPresent("org.nd4j.linalg.factory.Nd4j") || !classPresent("org.nd4j.linalg.cpu.nativecpu.CpuBackend"))
            return "ND4J is not on the class path: add org.nd4j:nd4j-native:" + ND4J_VERSION + " and its native classifier "
                    + "(" + advice() + ")";
        String best = bestClassifier();
        if (best == null)
            return "this Cadenza build of the DL4J backend ships Linux x86-64 natives only; this machine is "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + ": add org.nd4j:nd4j-native:" + ND4J_VERSION + " with the classifier for this platform";
        if (usableClassifiers().isEmpty())
            return "no ND4J native library for this CPU on the class path (found " + presentClassifiers() + "): " + advice();
        return null;
    }

    static String advice() {
        String best = bestClassifier();
        String cpu = best == null ? System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                : best.endsWith("avx512") ? "this CPU supports AVX-512" : best.endsWith("avx2") ? "this CPU supports AVX2, not AVX-512"
                : "this CPU has neither AVX2 nor AVX-512";
        return "add org.nd4j:nd4j-native:" + ND4J_VERSION + ":" + (best == null ? "<platform>" : best)
                + " (" + cpu + "), plus org.bytedeco:openblas:0.3.19-1.5.7:linux-x86_64 and org.bytedeco:javacpp:1.5.7:linux-x86_64";
    }

    /**
     * Loads ND4J once and sets float32 as the default type. A failure becomes one IllegalStateException that names
     * the artifact and classifier to add.
     */
    static synchronized void load() {
        if (loaded) return;
        String problem = problem();
        if (problem != null) throw new IllegalStateException("DL4J backend: " + problem);
        try {
            org.nd4j.linalg.factory.Nd4j.setDefaultDataTypes(org.nd4j.linalg.api.buffer.DataType.FLOAT,
                    org.nd4j.linalg.api.buffer.DataType.FLOAT);
            org.nd4j.linalg.factory.Nd4j.create(1); // forces the native library to load now, not at first use
        } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError, RuntimeException
            throw new IllegalStateException("DL4J backend: ND4J's native CPU library could not be loaded (" + rootMessage(t)
                    + "); " + advice() + ". Native variants on the class path: " + presentClassifiers(), t);
        }
        configureThreads();
        loaded = true;
    }

    /**
     * Applies {@code -Dcadenza.dl4j.threads=N} (ND4J's OpenMP threads and OpenBLAS's threads) and says once, through
     * System.Logger, whether OpenMP's busy waiting is on: libgomp reads {@code OMP_WAIT_POLICY} from the environment
     * when it loads, which Java cannot change for its own process.
     */
    private static void configureThreads() {
        System.Logger log = System.getLogger(NativeRuntime.class.getName());
        String threads = System.getProperty(THREADS_PROPERTY);
        if (threads != null) {
            int n;
            try {
                n = Integer.parseInt(threads.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n <= 0)
                throw new IllegalArgumentException("system property " + THREADS_PROPERTY + " must be a positive thread count, was '" + threads + "'");
            org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(n);
            org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxMasterThreads(n);
            org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
            org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(n);
        }
        String policy = System.getenv("OMP_WAIT_POLICY");
        if (policy == null || !policy.trim().equalsIgnoreCase("passive"))
            log.log(System.Logger.Level.INFO, "ND4J loaded; OMP_WAIT_POLICY is " + (policy == null ? "unset" : policy)
                    + ": its OpenMP threads spin while waiting, which costs 2-3x on a busy machine. Start the JVM with "
                    + "OMP_WAIT_POLICY=PASSIVE in the environment (Java cannot set it for its own process).");
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static boolean classPresent(String name) {
        try {
            Class.forName(name, false, NativeRuntime.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
                if (line.startsWith("flags")) return " " + line.substring(line.indexOf(':') + 1).trim() + " ";
        } catch (IOException | SecurityException e) {
            return " ";
        }
        return " ";
    }
}
