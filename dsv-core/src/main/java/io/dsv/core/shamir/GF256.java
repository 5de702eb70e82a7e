package io.dsv.core.shamir;

/**
 * Arithmetic in GF(2^8) with the AES reducing polynomial x^8 + x^4 + x^3 + x + 1 (0x11B).
 *
 * <p>Constant time: nothing here indexes a table or branches on an operand that may be secret.
 * {@link #mul} and {@link #inv} run a fixed number of steps with masks. {@link #mulWord}
 * branches only on its {@code constant} argument, which callers keep public (an x-coordinate or a
 * Lagrange coefficient, both of which depend on public x-coordinates alone).
 */
public final class GF256 {

    private static final long LANE_HIGH_BITS = 0x8080808080808080L;
    private static final long LANE_LOW_BITS = 0x7F7F7F7F7F7F7F7FL;
    private static final int REDUCTION = 0x1B;

    private GF256() {
    }

    /** Addition and subtraction are both XOR in a field of characteristic 2. */
    public static int add(int a, int b) {
        return (a ^ b) & 0xFF;
    }

    /** Product of two field elements; constant time in both operands. */
    public static int mul(int a, int b) {
        int product = 0;
        a &= 0xFF;
        b &= 0xFF;
        for (int bit = 0; bit < 8; bit++) {
            product ^= a & -(b & 1);              // add a when the low bit of b is set, without a branch
            int carry = -((a >>> 7) & 1);         // all ones when a overflows
            a = ((a << 1) ^ (REDUCTION & carry)) & 0xFF;
            b >>>= 1;
        }
        return product;
    }

    /** Multiplicative inverse as a^254 (Fermat); constant time. Zero has no inverse. */
    public static int inv(int a) {
        if ((a & 0xFF) == 0) {
            throw new ArithmeticException("zero has no inverse in GF(256)");
        }
        int result = 1;
        int power = a & 0xFF;
        // 254 = 0b11111110: square-and-multiply over a fixed exponent, so the step sequence is fixed.
        for (int bit = 1; bit < 8; bit++) {
            power = mul(power, power);
            result = mul(result, power);
        }
        return result;
    }

    public static int div(int a, int b) {
        return mul(a, inv(b));
    }

    /**
     * Multiplies each of the 8 byte lanes of {@code word} by the public field element {@code constant}
     * (shift-and-add with per-lane doubling). Constant time in {@code word}.
     */
    public static long mulWord(long word, int constant) {
        long product = 0;
        int c = constant & 0xFF;
        while (c != 0) {
            if ((c & 1) != 0) {
                product ^= word;
            }
            word = doubleLanes(word);
            c >>>= 1;
        }
        return product;
    }

    /** Multiplies every byte lane by x (the field's "xtime"), with reduction, without branches. */
    static long doubleLanes(long word) {
        long overflow = (word & LANE_HIGH_BITS) >>> 7;   // 0x01 in each lane that overflows
        return ((word & LANE_LOW_BITS) << 1) ^ (overflow * REDUCTION);
    }
}
