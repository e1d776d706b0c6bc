package dev.quiesce.agent.unload;

import dev.quiesce.agent.runtime.Cell;
import dev.quiesce.agent.runtime.Gate;
import dev.quiesce.agent.runtime.Gates;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A module's lifecycle hooks, held by class and method name so that holding them never pins the module's classes.
 * Hooks run on the unloading thread, counted in as a call inside the module, so they may call its entry points.
 */
final class Hooks {
    private record Ref(String className, String methodName) {
    }

    private final Map<HookKind, List<Ref>> byKind = new EnumMap<>(HookKind.class);

    synchronized void add(HookKind kind, String className, String methodName) {
        Ref ref = new Ref(className, methodName);
        List<Ref> refs = byKind.computeIfAbsent(kind, k -> new ArrayList<>());
        if (!refs.contains(ref)) {
            refs.add(ref);
        }
    }

    synchronized boolean has(HookKind kind) {
        return byKind.containsKey(kind);
    }

    /**
     * Runs every hook of a kind, each counted in as a call inside the module. Whatever a hook throws (any
     * {@link Throwable}, checked ones included) is reported to {@code problems} and does not stop the other hooks.
     */
    void run(HookKind kind, ClassLoader loader, Gate gate, Problems problems) {
        List<Ref> refs;
        synchronized (this) {
            refs = List.copyOf(byKind.getOrDefault(kind, List.of()));
        }
        for (Ref ref : refs) {
            String where = kind.label() + " " + ref.className + "." + ref.methodName + "()";
            Cell cell = gate.enterForTeardown();
            try {
                Method method = Class.forName(ref.className, true, loader).getDeclaredMethod(ref.methodName);
                method.setAccessible(true);
                method.invoke(null);
            } catch (InvocationTargetException e) {
                problems.failed(where + " threw " + e.getCause(), e.getCause());
            } catch (Throwable e) {
                problems.failed(where + " could not be called: " + e, e);
            } finally {
                try {
                    Gates.exit(cell);
                } catch (Throwable e) { // only before counting out (Gates.exit's contract): count out without a call
                    cell.abruptExits++;
                    problems.failed(where + ": its count-out overflowed the stack and was made without a call", e);
                }
            }
        }
    }
}
