package io.dsv.core.protocol;

/**
 * On {@code dsv.replies}: for the delete {@code txId}, enough holders of every version it deleted
 * confirmed destroying their shares (n - k + 1, or all of them when fewer hold it): no k shares of any
 * deleted version survive anywhere.
 */
public record Destroyed(String txId) implements Message {
}
