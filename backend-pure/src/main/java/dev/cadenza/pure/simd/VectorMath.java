package dev.cadenza.pure.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exp, sigmoid and tanh over float arrays on the Vector API, written with FMA polynomials instead of the Vector
 * API's EXP/TANH operators so that speed and accuracy do not depend on whether the JIT has a vector math library.
 * <p>
 * Error bounds (measured against {@link Math} in double, see {@code VectorKernelsTest}): exp is within 3e-7
 * relative for results in the normal float range (inputs in [-87.3, 88.7]); below that the result is subnormal
 * (absolute error under 1e-38) and above it +Infinity. sigmoid is within 4e-7 relative (computed from e^-|x|, so it
 * never overflows), and tanh within 5e-7 relative everywhere (odd polynomial for |x| &lt; 0.625, where
 * 1 - 2/(e^2|x| + 1) would cancel).
 * NaN in gives NaN out.
 */
final class VectorMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 split so that n * LN2_HI is exact for |n| < 2^9 (Cody-Waite reduction).
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    // Adding then subtracting 1.5 * 2^23 rounds to the nearest integer; the low bits of the sum hold that integer.
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    // exp(r) = 1 + r + r^2 * (E0 + r E1 + ... + r^4 E4) on |r| <= ln2/2, weighted least squares: 3.6e-9 relative.
    private static final float E0 = 0.49999988592958816f;
    private static final float E1 = 0.16666518437209618f;
    private static final float E2 = 0.0416695333954827f;
    private static final float E3 = 0.008368919080973881f;
    private static final float E4 = 0.0013751408180958222f;
    // tanh(x) = x (1 + s (T0 + s T1 + ... + s^4 T4)), s = x^2, on |x| < 0.625: 4.7e-9 relative.
    private static final float TANH_SMALL = 0.625f;
    private static final float T0 = -0.3333327920317944f;
    private static final float T1 = 0.1333138120762295f;
    private static final float T2 = -0.0537353061052358f;
    private static final float T3 = 0.020626248675726478f;
    private static final float T4 = -0.005691935779344133f;
    // Beyond these the float result is +Infinity or 0; clamping keeps the exponent arithmetic in range.
    private static final float EXP_MAX = 88.73f;
    private static final float EXP_MIN = -104f;

    /** Function codes of {@link #apply}. */
    static final int EXP = 0, SIGMOID = 1, TANH = 2;

    private VectorMath() {}

    /**
     * x[i] = f(x[i]) for i in [from, to), f one of {@link #EXP}, {@link #SIGMOID}, {@link #TANH}. A partial last
     * vector goes through a padded copy, so every element is computed by the same formula wherever it lies (masked
     * loads and stores are slow fallbacks on Java 17).
     * <p>
     * One method holds the loop and all three formulas on purpose: its bytecode is larger than C2's FreqInlineSize
     * (325 bytes), so C2 never inlines it into a caller and always compiles it as a unit of its own. Inlined into a
     * large caller (an LSTM cell, a training step), the Vector API calls of the formulas exceed C2's inlining budget;
     * the calls left out are not intrinsified and box every vector, which made training five times slower.
     */
    static void apply(int function, float[] x, int from, int to) {
        float[] tail = (to - from) % L == 0 ? null : new float[L];
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = from; i < to; i += L) {
            float[] a = x;
            int ai = i;
            if (i + L > to) {
                System.arraycopy(x, i, tail, 0, to - i);
                a = tail;
                ai = 0;
            }
            FloatVector v = FloatVector.fromArray(S, a, ai);
            FloatVector ax = v.abs();
            // exp of: v (EXP), -|v| (SIGMOID: never overflows), 2|v| (TANH)
            FloatVector arg = function == EXP ? v : function == SIGMOID ? ax.neg() : ax.add(ax);
            // Cody-Waite reduction: arg = n ln2 + r, |r| <= ln2/2; n rounded by the 1.5 * 2^23 trick
            FloatVector xc = arg.max(EXP_MIN).min(EXP_MAX); // max/min propagate NaN
            FloatVector t = xc.fma(LOG2E, ROUNDER);
            FloatVector n = t.sub(ROUNDER);
            FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector q = r.fma(E4, E3);
            q = q.fma(r, FloatVector.broadcast(S, E2));
            q = q.fma(r, FloatVector.broadcast(S, E1));
            q = q.fma(r, FloatVector.broadcast(S, E0));
            FloatVector p = r.mul(r).fma(q, r).add(one);
            // 2^n as two factors 2^(n/2) 2^(n - n/2): both stay normal for n in [-150, 128], so results that
            // overflow or underflow into subnormals come out of the final multiply correctly rounded
            IntVector ni = t.reinterpretAsInts().sub(ROUNDER_BITS);
            IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
            IntVector n2 = ni.sub(n1);
            FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = p.mul(s1).mul(s2);
            FloatVector y;
            if (function == EXP) {
                y = e;
            } else if (function == SIGMOID) {
                // 1 / (1 + e^-|v|), and for v < 0 e^v / (1 + e^v), which keeps tiny results relative-accurate
                FloatVector inv = one.div(e.add(one));
                y = inv.blend(e.mul(inv), v.lt(0f));
            } else {
                // 1 - 2 / (e^2|v| + 1) for |v| >= 0.625; below, where it would cancel, an odd polynomial
                FloatVector big = one.sub(FloatVector.broadcast(S, 2f).div(e.add(one)));
                FloatVector sq = v.mul(v);
                FloatVector pt = sq.fma(T4, T3);
                pt = pt.fma(sq, FloatVector.broadcast(S, T2));
                pt = pt.fma(sq, FloatVector.broadcast(S, T1));
                pt = pt.fma(sq, FloatVector.broadcast(S, T0));
                FloatVector small = v.fma(sq.mul(pt), v);
                FloatVector m = big.blend(small, ax.lt(TANH_SMALL));
                // tanh is odd: the sign of v, which also keeps tanh(-0) = -0
                y = m.reinterpretAsInts().and(0x7fffffff).or(v.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
            }
            y.intoArray(a, ai);
            if (a != x) System.arraycopy(tail, 0, x, i, to - i);
        }
    }
}
