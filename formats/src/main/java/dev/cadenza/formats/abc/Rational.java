package dev.cadenza.formats.abc;

/** An exact non-negative fraction of a whole note, so that tuplets and broken rhythms never drift. */
record Rational(long num, long den) implements Comparable<Rational> {
    static final Rational ZERO = new Rational(0, 1);
    static final Rational ONE = new Rational(1, 1);

    Rational {
        if (den == 0) throw new ArithmeticException("zero denominator");
        if (den < 0) {
            num = -num;
            den = -den;
        }
        long g = gcd(Math.abs(num), den);
        if (g > 1) {
            num /= g;
            den /= g;
        }
    }

    static Rational of(long num, long den) {
        return new Rational(num, den);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a == 0 ? 1 : a;
    }

    Rational plus(Rational o) {
        return new Rational(Math.addExact(Math.multiplyExact(num, o.den), Math.multiplyExact(o.num, den)), Math.multiplyExact(den, o.den));
    }

    Rational times(Rational o) {
        return new Rational(Math.multiplyExact(num, o.num), Math.multiplyExact(den, o.den));
    }

    Rational times(long n, long d) {
        return times(new Rational(n, d));
    }

    boolean isPositive() {
        return num > 0;
    }

    /** Nearest tick on a grid of {@code ticksPerQuarter} ticks per quarter note (a whole note is 4 quarters). */
    long ticks(int ticksPerQuarter) {
        long scaled = Math.multiplyExact(num, 4L * ticksPerQuarter);
        return Math.floorDiv(scaled * 2 + den, 2 * den);
    }

    @Override
    public int compareTo(Rational o) {
        return Long.compare(Math.multiplyExact(num, o.den), Math.multiplyExact(o.num, den));
    }

    @Override
    public String toString() {
        return num + "/" + den;
    }
}
