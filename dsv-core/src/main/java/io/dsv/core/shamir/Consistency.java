package io.dsv.core.shamir;

import java.util.Set;

/**
 * Whether a set of shares lies on one polynomial of the expected degree.
 *
 * @param consistent   true when every share agrees with one polynomial of degree k - 1
 * @param disagreeing  x-coordinates of the shares off the polynomial that the most shares agree on;
 *                     all x-coordinates when no polynomial is backed by more than k shares (the
 *                     culprits cannot be told apart then)
 * @param identified   true when {@code disagreeing} names the bad shares exactly (a unique best
 *                     polynomial agreed with by more than k shares)
 */
public record Consistency(boolean consistent, Set<Integer> disagreeing, boolean identified) {

    public static Consistency allAgree() {
        return new Consistency(true, Set.of(), true);
    }
}
