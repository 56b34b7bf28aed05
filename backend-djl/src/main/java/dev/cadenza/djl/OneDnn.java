package dev.cadenza.djl;

import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * PyTorch's use of oneDNN (the CPU kernels of its fused LSTM and of convolutions), and what decides whether they
 * compute correctly on this machine.
 * <p>
 * oneDNN 3.7 (in PyTorch 2.7.1) reads the cache sizes of an AMD CPU from CPUID leaf 0x8000001D. Virtual machines
 * that hide the cache topology return zeros there, which its CPU detection turns into three caches of one byte
 * each; it then blocks its AVX2 and AVX-512 kernels for those caches and computes wrong numbers (LSTMs with up to
 * 16 units, backward convolutions). Linux shows the same hiding: {@code /sys/devices/system/cpu/cpu0/cache} is
 * absent. The remedies are an ISA cap read from the environment when oneDNN starts ({@value #ISA_VARIABLE}), which
 * only the command that starts the JVM can set, or switching oneDNN off inside PyTorch, which this class does in
 * the running process.
 */
final class OneDnn {
    /** The environment variable that caps oneDNN's instruction set (read once, when oneDNN starts). */
    static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
    /** The cheapest cap measured correct on machines that hide their caches (backend-djl/README.md). */
    static final String CORRECT_ISA = "AVX";
    /** Where Linux lists the CPU caches; absent when the hypervisor hides them. */
    static final Path CACHE_TOPOLOGY = Path.of("/sys/devices/system/cpu/cpu0/cache");

    private static volatile boolean switchedOff;

    private OneDnn() {}

    /** Whether this is Linux and the CPU's cache topology is hidden from it. */
    static boolean cacheTopologyHidden() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") && !Files.isDirectory(CACHE_TOPOLOGY);
    }

    /** The ISA cap set in the environment ({@value #ISA_VARIABLE} or its older name DNNL_MAX_CPU_ISA), or null. */
    static String isaCap() {
        String cap = System.getenv(ISA_VARIABLE);
        return cap != null ? cap : System.getenv("DNNL_MAX_CPU_ISA");
    }

    /** Whether this process has switched oneDNN off. */
    static boolean switchedOff() {
        return switchedOff;
    }

    /** How PyTorch computes on the CPU now, in words: oneDNN on or off, and the ISA cap. */
    static String describe() {
        if (switchedOff) return "oneDNN off (PyTorch's own CPU kernels)";
        String cap = isaCap();
        return "oneDNN on, " + (cap == null ? ISA_VARIABLE + " not set (the CPU's widest ISA)" : ISA_VARIABLE + "=" + cap);
    }

    /**
     * Switches PyTorch's use of oneDNN off for this process, as {@code torch.backends.mkldnn.enabled = False} does:
     * LSTMs and convolutions then run on PyTorch's own kernels. NNPACK (which PyTorch tries next for convolutions
     * without gradient) goes off too: it cannot run on such CPUs and would log a warning at every call.
     * DJL's JNI has no call for it, so this calls libtorch's exported C++ setters through JNA.
     *
     * @throws IllegalStateException when libtorch's functions cannot be reached (another build or platform)
     */
    static synchronized void switchOff() {
        try {
            NativeLibrary torch = NativeLibrary.getInstance(Path.of(LibUtils.getLibtorchPath(), System.mapLibraryName("torch_cpu")).toString());
            // Itanium C++ ABI names of at::globalContext(), Context::setUserEnabledMkldnn(bool) and its getter.
            Pointer context = (Pointer) torch.getFunction("_ZN2at13globalContextEv").invoke(Pointer.class, new Object[0]);
            torch.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb").invokeVoid(new Object[] {context, (byte) 0});
            torch.getFunction("_ZN2at7Context20setUserEnabledNNPACKEb").invokeVoid(new Object[] {context, (byte) 0});
            Function enabled = torch.getFunction("_ZNK2at7Context17userEnabledMkldnnEv");
            if ((Byte) enabled.invoke(Byte.class, new Object[] {context}) != 0)
                throw new IllegalStateException("libtorch still reports oneDNN enabled");
            switchedOff = true;
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("cannot switch oneDNN off in this libtorch (" + e + ")", e);
        }
    }
}
