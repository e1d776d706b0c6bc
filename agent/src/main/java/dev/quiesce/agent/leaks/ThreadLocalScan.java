package dev.quiesce.agent.leaks;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * ThreadLocal values on live threads whose value, or whose ThreadLocal subclass, is the module's. The fix removes
 * just that entry's value, as the owning thread's {@code remove()} would, so the ThreadLocal's next {@code get()}
 * on that thread starts afresh.
 */
final class ThreadLocalScan {
    private ThreadLocalScan() {
    }

    static List<Leak> find(ModuleObjects module) throws ReflectiveOperationException {
        Class<?> mapType = JdkInternals.type("java.lang.ThreadLocal$ThreadLocalMap");
        Class<?> entryType = JdkInternals.type("java.lang.ThreadLocal$ThreadLocalMap$Entry");
        Field table = JdkInternals.field(mapType, "table");
        Field value = JdkInternals.field(entryType, "value");
        Field[] maps = {JdkInternals.field(Thread.class, "threadLocals"),
            JdkInternals.field(Thread.class, "inheritableThreadLocals")};
        List<Leak> leaks = new ArrayList<>();
        for (Thread thread : LiveThreads.all()) {
            for (Field mapField : maps) {
                Object map = mapField.get(thread);
                Object[] entries = map == null ? new Object[0] : (Object[]) table.get(map);
                for (Object entry : entries) {
                    Object threadLocal = entry == null ? null : ((Reference<?>) entry).get();
                    Object held = entry == null ? null : value.get(entry);
                    if (module.owns(held) || module.owns(threadLocal)) {
                        String what = "ThreadLocal " + (threadLocal == null ? "(already collected)"
                                : threadLocal.getClass().getName()) + " on live thread \"" + thread.getName()
                                + "\" holds " + ModuleObjects.describe(held);
                        leaks.add(new Leak(what, "call remove() on that thread when the module's work is done"
                                + " (try/finally)", deadline -> clear(entry, held, value, thread)));
                    }
                }
            }
        }
        return leaks;
    }

    /** Clears the value if it is still the one found; the stale entry is then expunged by the map itself. */
    private static String clear(Object entry, Object held, Field value, Thread thread)
            throws ReflectiveOperationException {
        if (value.get(entry) != held) {
            throw new IllegalStateException("the ThreadLocal value on thread \"" + thread.getName() + "\" changed"
                    + " while it was being cleared; left as it is");
        }
        ((Reference<?>) entry).clear();
        value.set(entry, null);
        return "cleared a ThreadLocal value (" + ModuleObjects.describe(held) + ") on thread \"" + thread.getName()
                + "\"";
    }
}
