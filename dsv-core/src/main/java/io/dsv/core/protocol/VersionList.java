package io.dsv.core.protocol;

import java.util.List;

/** Every version of a key, newest first; {@code live} is false once the key is deleted. */
public record VersionList(boolean live, List<VersionView> versions) {
}
