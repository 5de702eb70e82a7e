package io.dsv.sdk;

import java.util.List;

/** One page of a namespace's names; {@code nextCursor} is null on the last page. */
public record NamePage(List<SecretName> secrets, String nextCursor) {
}
