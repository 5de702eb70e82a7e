package io.dsv.core.protocol;

/** What a transaction does to its key. */
public enum Operation {
    CREATE,
    UPDATE,
    DELETE
}
