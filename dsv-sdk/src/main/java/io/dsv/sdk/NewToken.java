package io.dsv.sdk;

import java.time.Instant;

/** A token just minted: the only time it exists outside its holder's hands. {@code toString} hides it. */
public record NewToken(String token, String id, Instant expiresAt) {

    @Override
    public String toString() {
        return "NewToken[id=" + id + ", expiresAt=" + expiresAt + "]";
    }
}
