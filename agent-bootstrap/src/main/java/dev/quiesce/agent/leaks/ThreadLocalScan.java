package dev.quiesce.agent.leaks;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * ThreadLocal values on live threads whose value, or whose ThreadLocal subclass, is the module's. They are named and
 * never edited: a thread's ThreadLocal map is its own, unsynchronized, so clearing an entry from another thread could
 * lose a {@code set()} that thread makes at the same time (the Java Memory Model orders nothing between them). Only
 * the owning thread's {@code remove()} is safe; the leak says so ({@code LeakScanTest}).
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
                                + " (try/finally); the agent does not edit another thread's ThreadLocals", null));
                    }
                }
            }
        }
        return leaks;
    }
}
