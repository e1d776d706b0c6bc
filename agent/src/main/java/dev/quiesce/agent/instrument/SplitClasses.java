package dev.quiesce.agent.instrument;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The classes whose methods were split as they loaded ({@link BodySplit}), by loader, so that a retransformation,
 * which gets the class file as it was before the rewrite and may neither add nor remove a method, splits them again.
 * Holds its loaders weakly, and only names: it keeps no module alive.
 */
final class SplitClasses {
    private final Map<ClassLoader, Set<String>> split = new WeakHashMap<>();

    synchronized void add(ClassLoader loader, String internalName) {
        split.computeIfAbsent(loader, key -> new HashSet<>()).add(internalName);
    }

    synchronized boolean contains(ClassLoader loader, String internalName) {
        Set<String> names = split.get(loader);
        return names != null && names.contains(internalName);
    }
}
