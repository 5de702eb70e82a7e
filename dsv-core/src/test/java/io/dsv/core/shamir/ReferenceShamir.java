package io.dsv.core.shamir;

import java.util.List;

/**
 * The plain scalar form of Shamir, byte by byte with {@link #slowMul}: the fast word-wise code in
 * {@link Shamir} must agree with it. Kept deliberately naive.
 */
final class ReferenceShamir {

    private ReferenceShamir() {
    }

    /** Carry-less multiply then reduce modulo 0x11B, bit by bit. */
    static int slowMul(int a, int b) {
        int product = 0;
        for (int i = 0; i < 8; i++) {
            if (((b >> i) & 1) != 0) {
                product ^= a << i;
            }
        }
        for (int bit = 14; bit >= 8; bit--) {
            if (((product >> bit) & 1) != 0) {
                product ^= 0x11B << (bit - 8);
            }
        }
        return product;
    }

    static int slowInv(int a) {
        for (int candidate = 1; candidate < 256; candidate++) {
            if (slowMul(a, candidate) == 1) {
                return candidate;
            }
        }
        throw new ArithmeticException("no inverse");
    }

    /** coefficients[j][i]: degree-j coefficient of byte i's polynomial. */
    static byte[] evaluate(int[][] coefficients, int length, int x) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            int acc = 0;
            int power = 1;
            for (int[] coefficient : coefficients) {
                acc ^= slowMul(coefficient[i], power);
                power = slowMul(power, x);
            }
            out[i] = (byte) acc;
        }
        return out;
    }

    static byte[] interpolate(List<Share> shares, int x) {
        int length = shares.get(0).length();
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            int acc = 0;
            for (Share si : shares) {
                int term = si.y()[i] & 0xFF;
                for (Share sj : shares) {
                    if (sj.x() != si.x()) {
                        term = slowMul(term, slowMul(x ^ sj.x(), slowInv(si.x() ^ sj.x())));
                    }
                }
                acc ^= term;
            }
            out[i] = (byte) acc;
        }
        return out;
    }
}
