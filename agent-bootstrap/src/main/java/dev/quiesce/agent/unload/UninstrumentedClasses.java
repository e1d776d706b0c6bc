package dev.quiesce.agent.unload;

import dev.quiesce.UnloadRefusedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The classes of one module that could not be instrumented (a rewrite that failed, such as a method pushed past the
 * JVM's 64 KB limit). They run as they were, so calls into them are not counted, and a drain that reaches zero
 * would still tear down under them: such a module refuses to unload, and says which classes and why.
 */
final class UninstrumentedClasses {
    private final List<String> classes = new CopyOnWriteArrayList<>();

    /** Records a class that runs uncounted; safe from any class-loading thread. */
    void add(String className, Throwable cause) {
        classes.add(className + " (" + cause + ")");
    }

    /** Each class, with why it could not be instrumented; empty for a fully counted module. */
    List<String> list() {
        return List.copyOf(classes);
    }

    /** @throws UnloadRefusedException if any class of the module runs uncounted; nothing was changed then */
    void refuseUnload(String id) {
        List<String> uncounted = list();
        if (!uncounted.isEmpty()) {
            throw new UnloadRefusedException("unload of module '" + id + "' refused: " + uncounted.size()
                    + " of its classes could not be instrumented, so calls into them are not counted and teardown"
                    + " could run under them: " + String.join(", ", uncounted) + ". Make the class(es)"
                    + " instrumentable (the rewrite adds a few bytes to each method: split any method near the"
                    + " JVM's 64 KB limit) and load the module again in a new class loader; until then, stop its"
                    + " callers yourself and drop the loader without an unload");
        }
    }
}
