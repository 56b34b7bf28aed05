package dev.cadenza.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The known-answer check at open: it passes on the engine as opened, it fires on a wrong weight mapping and on a
 * perturbation far below the faults it exists for, and a failing engine is repaired or refused with the fault and
 * the remedy, never used silently.
 */
class DjlSelfCheckTest {
    private final Engine engine = DjlEngine.get();

    @Test
    void aPassingEngineOpens() {
        assertEquals("djl", new DjlBackendProvider().open().name());
        DjlSelfCheck.Health health = DjlEngine.health();
        assertTrue(health.last().passed(), health.describe());
        DjlSelfCheck.Result again = DjlSelfCheck.run(engine, DjlEngine.device(engine));
        assertTrue(again.passed(), again.describe());
        assertEquals(10, again.errors().size(), "logits, loss and the gradient of every canonical tensor: " + again.errors().keySet());
        assertTrue(again.error() < again.tolerance() / 10, "float32 meets the reference with room to spare: " + again.describe());
    }

    @Test
    void firesOnSwappedLstmGates() {
        // The input and forget gate blocks of the LSTM's input kernel exchanged: a plausible mapping mistake.
        DjlSelfCheck.Result r = check(w -> replace(w, "layers.1.kernel", k -> swapColumnBlocks(k, 6 * 4, 6, 0, 1)));
        assertFalse(r.passed(), r.describe());
        assertTrue(r.errors().get("the forward pass's logits") > r.tolerance(), r.describe());
    }

    @Test
    void firesOnReversedConvolutionTaps() {
        // Tap j read as tap k-1-j: a causal convolution looking the wrong way in time.
        DjlSelfCheck.Result r = check(w -> replace(w, "layers.0.kernel", k -> {
            int tap = k.length / 3;
            float[] reversed = new float[k.length];
            for (int j = 0; j < 3; j++) System.arraycopy(k, j * tap, reversed, (2 - j) * tap, tap);
            return reversed;
        }));
        assertFalse(r.passed(), r.describe());
        assertTrue(r.describe().contains("layers.0.kernel"), r.describe());
    }

    @Test
    void firesOnOneRecurrentWeightOffByOnePercent() {
        // One recurrent weight of 144 changed by 1%: its effects on the gradients (up to 3e-4) are far below the faults
        // (7e-2 to 1) and far above float32's (3e-6).
        DjlSelfCheck.Result r = check(w -> replace(w, "layers.1.recurrent_kernel", k -> {
            float[] c = k.clone();
            c[5] *= 1.01f;
            return c;
        }));
        assertFalse(r.passed(), r.describe());
    }

    @Test
    void aNanAnywhereFails() {
        DjlSelfCheck.Result r = check(w -> replace(w, "layers.2.bias", k -> {
            float[] c = k.clone();
            c[0] = Float.NaN;
            return c;
        }));
        assertFalse(r.passed(), r.describe());
        assertTrue(Double.isNaN(r.error()), r.describe());
    }

    @Test
    void anEngineThatThrowsFails() {
        DjlSelfCheck.Result r = check(w -> {
            throw new IllegalStateException("native error");
        });
        assertFalse(r.passed(), r.describe());
        assertTrue(r.describe().contains("native error"), r.describe());
    }

    @Test
    void aFailingEngineIsRepairedWhenTheRepairMakesTheCheckPass() {
        DjlSelfCheck.Result bad = failing();
        DjlSelfCheck.Result good = new DjlSelfCheck.Result(1e-6, "the training loss", Map.of("the training loss", 1e-6), 1e-4, 1_000_000);
        AtomicInteger repairs = new AtomicInteger();
        List<DjlSelfCheck.Result> runs = new ArrayList<>(List.of(bad, good));
        DjlSelfCheck.Health health = DjlSelfCheck.establish("PyTorch test", Device.cpu(), () -> runs.remove(0), repairs::incrementAndGet);
        assertTrue(health.repaired());
        assertEquals(1, repairs.get());
        assertTrue(health.last().passed());
    }

    @Test
    void aFailingEngineIsRefusedWithTheFaultAndTheRemedy() {
        AtomicInteger repairs = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DjlSelfCheck.establish("PyTorch test", Device.cpu(), DjlSelfCheckTest::failing, repairs::incrementAndGet));
        assertEquals(1, repairs.get(), "the repair is tried once");
        String m = e.getMessage();
        assertTrue(m.contains("the forward pass's logits off by a relative 0.11"), m);
        assertTrue(m.contains("with oneDNN switched off it is still"), m);
        assertTrue(m.contains("ONEDNN_MAX_CPU_ISA=AVX") || m.contains("ONEDNN_MAX_CPU_ISA=SSE41"), m);
        assertTrue(m.contains("backend 'pure'"), m);
        assertTrue(m.contains("cache topology"), m);
    }

    @Test
    void anEngineThatCannotBeRepairedIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DjlSelfCheck.establish("PyTorch test", Device.cpu(),
                DjlSelfCheckTest::failing, () -> {
                    throw new IllegalStateException("no such symbol");
                }));
        assertTrue(e.getMessage().contains("could not be switched off in-process: no such symbol"), e.getMessage());
    }

    /**
     * On an AMD machine that hides its cache topology, PyTorch 2.7.1's default oneDNN configuration computes wrong
     * numbers (ENGINE-NOTES): there the real check must have failed at open and oneDNN be off now.
     */
    @Test
    void onAMachineHidingItsCachesTheRealFaultWasCaught() throws IOException {
        assumeTrue(OneDnn.cacheTopologyHidden() && OneDnn.isaCap() == null && amd(), "only on AMD machines hiding their caches");
        DjlSelfCheck.Health health = DjlEngine.health();
        assertTrue(health.repaired(), health.describe());
        assertFalse(health.first().passed(), health.describe());
        assertTrue(OneDnn.switchedOff());
    }

    private DjlSelfCheck.Result check(UnaryOperator<Weights> wrong) {
        return DjlSelfCheck.run(engine, DjlEngine.device(engine), wrong);
    }

    private static DjlSelfCheck.Result failing() {
        return new DjlSelfCheck.Result(0.11, "the forward pass's logits", Map.of("the forward pass's logits", 0.11), 1e-4, 1_000_000);
    }

    private static Weights replace(Weights w, String name, UnaryOperator<float[]> change) {
        List<Tensor> tensors = new ArrayList<>();
        for (Tensor t : w.tensors()) tensors.add(t.name().equals(name) ? new Tensor(name, t.shape(), change.apply(t.data())) : t);
        return Weights.of(DjlSelfCheck.spec(), tensors);
    }

    /** Exchanges column blocks {@code a} and {@code b} (each {@code width} wide) of a row-major matrix {@code cols} wide. */
    private static float[] swapColumnBlocks(float[] m, int cols, int width, int a, int b) {
        float[] c = m.clone();
        for (int r = 0; r < m.length / cols; r++)
            for (int j = 0; j < width; j++) {
                c[r * cols + a * width + j] = m[r * cols + b * width + j];
                c[r * cols + b * width + j] = m[r * cols + a * width + j];
            }
        return c;
    }

    private static boolean amd() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        return Files.isReadable(cpuinfo) && Files.readString(cpuinfo).contains("AuthenticAMD");
    }
}
