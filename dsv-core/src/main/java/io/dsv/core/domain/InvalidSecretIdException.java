package io.dsv.core.domain;

/** A namespace or name broke the naming rule; {@link #field()} says which. */
public class InvalidSecretIdException extends IllegalArgumentException {

    private final String field;

    public InvalidSecretIdException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
