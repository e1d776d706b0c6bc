package dev.quiesce.analyzer;

import java.util.List;
import shark.IgnoredReferenceMatcher;
import shark.ReferenceMatcher;
import shark.ReferencePattern.InstanceFieldPattern;

/**
 * Which references a path may cross. A path of strong references keeps the loader for good; one through a
 * {@code SoftReference} keeps it only until the heap runs short, which is still long enough to fail a collection
 * check. Weak, phantom and finalizer references never keep it. Shark matches a pattern against each class of an
 * instance's hierarchy, so a pattern on a {@code Reference} subclass covers that subclass only.
 */
enum Strength {
    STRONG("java.lang.ref.Reference"),
    SOFT("java.lang.ref.WeakReference", "java.lang.ref.PhantomReference", "java.lang.ref.FinalReference");

    final List<ReferenceMatcher> ignored;

    Strength(String... referenceTypes) {
        ignored = List.of(referenceTypes).stream()
                .<ReferenceMatcher>map(type -> new IgnoredReferenceMatcher(new InstanceFieldPattern(type, "referent")))
                .toList();
    }
}
