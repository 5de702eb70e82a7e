package io.dsv.core.domain;

/** A secret's version: 1 for the first write, then consecutive in per-key log order. */
public record Version(long number) implements Comparable<Version> {

    public static final Version FIRST = new Version(1);

    public Version {
        if (number < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + number);
        }
    }

    public static Version of(long number) {
        return new Version(number);
    }

    public Version next() {
        return new Version(Math.addExact(number, 1));
    }

    @Override
    public int compareTo(Version other) {
        return Long.compare(number, other.number);
    }

    @Override
    public String toString() {
        return Long.toString(number);
    }
}
