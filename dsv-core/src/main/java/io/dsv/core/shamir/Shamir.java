package io.dsv.core.shamir;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Shamir's Secret Sharing over GF(256), byte-wise: secret byte i is the constant term of its own
 * random polynomial of degree k - 1, and share x holds every polynomial's value at x.
 *
 * <p>Speed: bytes are processed 8 at a time as {@code long} lanes ({@link GF256#mulWord}). Every
 * multiplier is public — the x-coordinates when splitting, the Lagrange coefficients (which depend
 * on x-coordinates only, and are computed once per call) when combining — so the secret bytes are
 * only ever multiplicands. The random coefficients of a whole split are drawn in one call.
 *
 * <p>Constant time with respect to secret bytes: {@link #split}, {@link #combine} and
 * {@link #shareAt} (no secret-dependent branch or table index). {@link #consistentWith} compares
 * shares with {@link Arrays#equals}, which may stop at the first difference: it reveals where a
 * corrupted share differs, which an attacker who corrupted it knows already.
 *
 * <p>Every bad argument is an {@link IllegalArgumentException} whose message says which rule broke;
 * no message ever contains share or secret bytes.
 */
public final class Shamir {

    public static final int MAX_SHARES = 255;

    private final RandomBytes random;

    /** Coefficients from an AES-CTR keystream keyed by a SecureRandom (see {@link RandomBytes#aesCtr}). */
    public Shamir() {
        this(RandomBytes.aesCtr(new SecureRandom()));
    }

    /** Coefficients straight from {@code random}. */
    public Shamir(SecureRandom random) {
        this(RandomBytes.of(random));
    }

    public Shamir(RandomBytes random) {
        this.random = random;
    }

    /** Splits {@code secret} into {@code n} shares at x = 1..n, any {@code k} of which rebuild it. */
    public List<Share> split(byte[] secret, int n, int k) {
        checkParameters(secret, n, k);
        int length = secret.length;
        int words = wordCount(length);

        // coefficients[j][w]: word w of the degree-j coefficients; degree 0 is the secret itself.
        long[][] coefficients = new long[k][];
        coefficients[0] = pack(secret, words);
        byte[] randomBytes = new byte[(k - 1) * words * Long.BYTES];
        random.fill(randomBytes);                            // one call per split: bulk is far cheaper
        for (int j = 1; j < k; j++) {
            coefficients[j] = pack(randomBytes, (j - 1) * words * Long.BYTES, words);
        }
        Arrays.fill(randomBytes, (byte) 0);

        List<Share> shares = new ArrayList<>(n);
        long[] values = new long[words];
        for (int x = 1; x <= n; x++) {
            for (int w = 0; w < words; w++) {
                long acc = coefficients[k - 1][w];
                for (int j = k - 2; j >= 0; j--) {           // Horner: acc = acc * x + c_j
                    acc = GF256.mulWord(acc, x) ^ coefficients[j][w];
                }
                values[w] = acc;
            }
            shares.add(new Share(x, unpack(values, length)));
        }
        for (long[] c : coefficients) {
            Arrays.fill(c, 0L);
        }
        Arrays.fill(values, 0L);
        return shares;
    }

    /**
     * Rebuilds the secret from at least {@code k} shares, using the first {@code k}. Fewer than
     * {@code k} shares are refused: they would yield an unrelated value, not an error.
     */
    public byte[] combine(List<Share> shares, int k) {
        checkThreshold(k);
        if (shares == null || shares.size() < k) {
            throw new IllegalArgumentException(
                    "need at least k=" + k + " shares, got " + (shares == null ? 0 : shares.size()));
        }
        return combine(shares.subList(0, k));
    }

    /** Rebuilds the secret by interpolating through every given share (at least two). */
    public byte[] combine(List<Share> shares) {
        return interpolate(shares, 0);
    }

    /**
     * The share at a new x-coordinate, by Lagrange interpolation through the given shares (which
     * should be exactly k of them, or more that all lie on one polynomial). Repair uses it to rebuild
     * one lost share; the other shares stay valid.
     */
    public Share shareAt(List<Share> shares, int x) {
        if (x < 1 || x > MAX_SHARES) {
            throw new IllegalArgumentException("x-coordinate must be in 1..255, got " + x);
        }
        if (shares != null) {
            for (Share s : shares) {
                if (s != null && s.x() == x) {
                    throw new IllegalArgumentException("x-coordinate " + x + " is already among the given shares");
                }
            }
        }
        return new Share(x, interpolate(shares, x));
    }

    /**
     * Tells whether the shares (more than k of them) all lie on one polynomial of degree k - 1, and
     * if not, which disagree: the polynomial agreed with by the most shares is taken as the true one.
     * With e bad shares among m it names them exactly when m >= k + e + 1 and no bad shares happen
     * to lie on a common wrong polynomial with more than m - e members. At most {@value #MAX_SUBSETS}
     * k-subsets serve as candidate bases (all of them for every n <= 20, k <= 5).
     */
    public Consistency consistentWith(List<Share> shares, int k) {
        checkThreshold(k);
        checkShares(shares, 2);
        if (shares.size() <= k) {
            throw new IllegalArgumentException(
                    "consistency needs more than k=" + k + " shares, got " + shares.size());
        }
        int m = shares.size();
        BitSet bestAgreeing = null;
        boolean bestUnique = false;
        for (int[] subset : kSubsets(m, k)) {
            BitSet agreeing = agreeingWith(shares, subset);
            int count = agreeing.cardinality();
            if (count == m) {
                return Consistency.allAgree();
            }
            if (bestAgreeing == null || count > bestAgreeing.cardinality()) {
                bestAgreeing = agreeing;
                bestUnique = true;
            } else if (count == bestAgreeing.cardinality() && !agreeing.equals(bestAgreeing)) {
                bestUnique = false;
            }
        }
        boolean identified = bestUnique && bestAgreeing.cardinality() > k;
        Set<Integer> disagreeing = new TreeSet<>();
        for (int i = 0; i < m; i++) {
            if (!identified || !bestAgreeing.get(i)) {
                disagreeing.add(shares.get(i).x());
            }
        }
        return new Consistency(false, Collections.unmodifiableSet(disagreeing), identified);
    }

    static final int MAX_SUBSETS = 10_000;

    /** Indices of the shares that lie on the polynomial through the shares at {@code basis}. */
    private BitSet agreeingWith(List<Share> shares, int[] basis) {
        List<Share> basisShares = new ArrayList<>(basis.length);
        BitSet agreeing = new BitSet(shares.size());
        for (int index : basis) {
            basisShares.add(shares.get(index));
            agreeing.set(index);
        }
        for (int i = 0; i < shares.size(); i++) {
            if (!agreeing.get(i)) {
                Share s = shares.get(i);
                if (Arrays.equals(interpolate(basisShares, s.x()), s.y())) {
                    agreeing.set(i);
                }
            }
        }
        return agreeing;
    }

    /** k-subsets of 0..m-1 in lexicographic order, at most MAX_SUBSETS of them. */
    private static List<int[]> kSubsets(int m, int k) {
        List<int[]> subsets = new ArrayList<>();
        int[] current = new int[k];
        for (int i = 0; i < k; i++) {
            current[i] = i;
        }
        while (subsets.size() < MAX_SUBSETS) {
            subsets.add(current.clone());
            int i = k - 1;
            while (i >= 0 && current[i] == m - k + i) {
                i--;
            }
            if (i < 0) {
                break;
            }
            current[i]++;
            for (int j = i + 1; j < k; j++) {
                current[j] = current[j - 1] + 1;
            }
        }
        return subsets;
    }

    /** Value at {@code x} of the polynomial through {@code shares}; x = 0 gives the secret. */
    private static byte[] interpolate(List<Share> shares, int x) {
        checkShares(shares, 2);
        int count = shares.size();
        int length = shares.get(0).length();
        int words = wordCount(length);

        int[] weights = lagrangeWeights(shares, x);          // public: depend on x-coordinates only
        long[] result = new long[words];
        long[] packed = new long[words];
        for (int i = 0; i < count; i++) {
            pack(shares.get(i).y(), 0, length, packed);
            int weight = weights[i];
            for (int w = 0; w < words; w++) {
                result[w] ^= GF256.mulWord(packed[w], weight);
            }
        }
        byte[] out = unpack(result, length);
        Arrays.fill(result, 0L);
        Arrays.fill(packed, 0L);
        return out;
    }

    /** L_i(x) = prod over j != i of (x - x_j) / (x_i - x_j); subtraction is XOR. */
    private static int[] lagrangeWeights(List<Share> shares, int x) {
        int count = shares.size();
        int[] weights = new int[count];
        for (int i = 0; i < count; i++) {
            int xi = shares.get(i).x();
            int numerator = 1;
            int denominator = 1;
            for (int j = 0; j < count; j++) {
                if (j != i) {
                    int xj = shares.get(j).x();
                    numerator = GF256.mul(numerator, x ^ xj);
                    denominator = GF256.mul(denominator, xi ^ xj);
                }
            }
            weights[i] = GF256.div(numerator, denominator);
        }
        return weights;
    }

    private static void checkParameters(byte[] secret, int n, int k) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        checkThreshold(k);
        if (n > MAX_SHARES) {
            throw new IllegalArgumentException("n must be at most 255, got " + n);
        }
        if (k > n) {
            throw new IllegalArgumentException("k (" + k + ") must not exceed n (" + n + ")");
        }
    }

    private static void checkThreshold(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("k must be at least 2, got " + k);
        }
        if (k > MAX_SHARES) {
            throw new IllegalArgumentException("k must be at most 255, got " + k);
        }
    }

    private static void checkShares(List<Share> shares, int minimum) {
        if (shares == null || shares.size() < minimum) {
            throw new IllegalArgumentException(
                    "need at least " + minimum + " shares, got " + (shares == null ? 0 : shares.size()));
        }
        Set<Integer> seen = new LinkedHashSet<>();
        int length = -1;
        for (Share s : shares) {
            if (s == null) {
                throw new IllegalArgumentException("share list contains null");
            }
            if (!seen.add(s.x())) {
                throw new IllegalArgumentException("duplicate x-coordinate " + s.x());
            }
            if (s.length() == 0) {
                throw new IllegalArgumentException("share " + s.x() + " is empty");
            }
            if (length == -1) {
                length = s.length();
            } else if (s.length() != length) {
                throw new IllegalArgumentException("shares have different lengths: share " + shares.get(0).x()
                        + " has " + length + " bytes, share " + s.x() + " has " + s.length());
            }
        }
    }

    private static int wordCount(int length) {
        return (length + Long.BYTES - 1) / Long.BYTES;
    }

    private static long[] pack(byte[] bytes, int words) {
        long[] out = new long[words];
        pack(bytes, 0, bytes.length, out);
        return out;
    }

    private static long[] pack(byte[] bytes, int offset, int words) {
        long[] out = new long[words];
        pack(bytes, offset, words * Long.BYTES, out);
        return out;
    }

    /** Reads and writes 8 bytes at a time as one little-endian long (an intrinsic, no per-byte loop). */
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Little-endian: byte i of the input lands in lane i % 8 of word i / 8; the tail is zero-padded. */
    private static void pack(byte[] bytes, int offset, int length, long[] out) {
        int fullWords = length / Long.BYTES;
        for (int w = 0; w < fullWords; w++) {
            out[w] = (long) LONGS.get(bytes, offset + w * Long.BYTES);
        }
        int rest = length - fullWords * Long.BYTES;
        if (rest > 0) {
            long tail = 0;
            int base = offset + fullWords * Long.BYTES;
            for (int i = 0; i < rest; i++) {
                tail |= (bytes[base + i] & 0xFFL) << (8 * i);
            }
            out[fullWords] = tail;
        }
    }

    private static byte[] unpack(long[] words, int length) {
        byte[] out = new byte[length];
        int fullWords = length / Long.BYTES;
        for (int w = 0; w < fullWords; w++) {
            LONGS.set(out, w * Long.BYTES, words[w]);
        }
        for (int i = fullWords * Long.BYTES; i < length; i++) {
            out[i] = (byte) (words[i >>> 3] >>> ((i & 7) * 8));
        }
        return out;
    }
}
