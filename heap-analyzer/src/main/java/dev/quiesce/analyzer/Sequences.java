package dev.quiesce.analyzer;

import kotlin.sequences.Sequence;

/** Shark's API hands out Kotlin sequences; this lets Java loop over them. */
final class Sequences {
    private Sequences() {
    }

    static <T> Iterable<T> each(Sequence<? extends T> sequence) {
        @SuppressWarnings("unchecked")
        Sequence<T> items = (Sequence<T>) sequence;
        return items::iterator;
    }
}
