package io.dsv.core.security;

/** What a token may do in a namespace. */
public enum Capability {
    READ,
    WRITE,
    DELETE,
    ADMIN
}
