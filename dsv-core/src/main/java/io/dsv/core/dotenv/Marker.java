package io.dsv.core.dotenv;

/**
 * A DSV marker in a .env value: {@code enc(value)} stores a value, {@code secret(NAME)} or
 * {@code secret(NAME@3)} refers to a stored one.
 *
 * @param argument the value to store (enc), or the referenced name (secret)
 * @param version  the pinned version of a reference, 0 for the latest
 */
public record Marker(Kind kind, String argument, long version) {

    public enum Kind {
        ENC,
        SECRET
    }

    @Override
    public String toString() {
        return kind == Kind.ENC ? "enc(...)" : "secret(" + argument + (version > 0 ? "@" + version : "") + ")";
    }
}
