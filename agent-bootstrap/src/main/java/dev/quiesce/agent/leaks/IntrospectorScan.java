package dev.quiesce.agent.leaks;

import java.beans.Introspector;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The module's classes in {@code java.beans.Introspector}'s caches (JDK 17 to 25): {@code ClassInfo}'s, with soft
 * keys and values, and the BeanInfo cache of each thread group's {@code ThreadGroupContext}, whose BeanInfos reach
 * the class through soft method references. Both hold the loader softly: {@code System.gc()} does not clear them.
 * The fix is {@link Introspector#flushFromCaches} for each of those classes, plus the same removal from the caches
 * of thread groups other than the caller's, which {@code flushFromCaches} does not reach.
 */
final class IntrospectorScan {
    /** A thread group's {@code ThreadGroupContext}, which holds its BeanInfo cache. */
    private record GroupContext(String name, Object context) {
    }

    private IntrospectorScan() {
    }

    static List<Leak> find(ModuleObjects module) throws ReflectiveOperationException {
        // Every introspection goes through ClassInfo: if no class of its package was ever loaded, both caches are
        // empty, and java.desktop is left unloaded. Otherwise reading the caches initialises at most their own
        // classes, in a subsystem the host already uses.
        if (!JdkInternals.packageInUse("com.sun.beans.introspect")) {
            return List.of();
        }
        Set<Class<?>> classes = new LinkedHashSet<>(classInfoKeys(module));
        List<GroupContext> holding = new ArrayList<>();
        for (GroupContext group : threadGroupContexts()) {
            List<Class<?>> held = beanInfoKeys(module, group.context());
            if (!held.isEmpty()) {
                classes.addAll(held);
                holding.add(group);
            }
        }
        if (classes.isEmpty()) {
            return List.of();
        }
        String names = classes.stream().map(Class::getName).collect(Collectors.joining(", "));
        String groups = holding.stream().map(GroupContext::name).collect(Collectors.joining(", "));
        return List.of(new Leak("java.beans.Introspector's caches hold the module's class(es) " + names + " softly"
                + (holding.isEmpty() ? "" : " (BeanInfo cached for thread group(s) " + groups + ")"),
                "call Introspector.flushFromCaches(type) for each in an @OnUnload hook (it flushes the BeanInfo cache"
                        + " of the calling thread's group only)", deadline -> flush(classes, holding, names)));
    }

    /** The module's classes among the keys of {@code ClassInfo.CACHE}, a {@code com.sun.beans.util.Cache}. */
    private static List<Class<?>> classInfoKeys(ModuleObjects module) throws ReflectiveOperationException {
        Object cache = JdkInternals.field(JdkInternals.type("com.sun.beans.introspect.ClassInfo"), "CACHE").get(null);
        Field table = JdkInternals.field(JdkInternals.type("com.sun.beans.util.Cache"), "table");
        Class<?> entryType = JdkInternals.type("com.sun.beans.util.Cache$CacheEntry");
        Field key = JdkInternals.field(entryType, "key");
        Field next = JdkInternals.field(entryType, "next");
        List<Class<?>> found = new ArrayList<>();
        for (Object bucket : (Object[]) table.get(cache)) {
            for (Object entry = bucket; entry != null; entry = next.get(entry)) {
                if (((Reference<?>) key.get(entry)).get() instanceof Class<?> type && module.owns(type)) {
                    found.add(type);
                }
            }
        }
        return found;
    }

    /**
     * Every thread group's context: the entries of a {@code java.beans.WeakIdentityMap}, including those of groups
     * already collected, whose contexts stay until the map's next lookup.
     */
    private static List<GroupContext> threadGroupContexts() throws ReflectiveOperationException {
        Object map = JdkInternals.field(JdkInternals.type("java.beans.ThreadGroupContext"), "contexts").get(null);
        Field table = JdkInternals.field(JdkInternals.type("java.beans.WeakIdentityMap"), "table");
        Class<?> entryType = JdkInternals.type("java.beans.WeakIdentityMap$Entry");
        Field value = JdkInternals.field(entryType, "value");
        Field next = JdkInternals.field(entryType, "next");
        List<GroupContext> contexts = new ArrayList<>();
        for (Object bucket : (Object[]) table.get(map)) {
            for (Object entry = bucket; entry != null; entry = next.get(entry)) {
                Object context = value.get(entry);
                if (context != null) {
                    contexts.add(new GroupContext(((Reference<?>) entry).get() instanceof ThreadGroup group
                            ? "\"" + group.getName() + "\"" : "(collected)", context));
                }
            }
        }
        return contexts;
    }

    /** The module's classes in one context's BeanInfo cache, read under the lock its methods take. */
    private static List<Class<?>> beanInfoKeys(ModuleObjects module, Object context)
            throws ReflectiveOperationException {
        Field cacheField = JdkInternals.field(context.getClass(), "beanInfoCache");
        List<Class<?>> found = new ArrayList<>();
        synchronized (context) {
            Map<?, ?> cache = (Map<?, ?>) cacheField.get(context);
            if (cache != null) {
                for (Object key : cache.keySet()) {
                    if (key instanceof Class<?> type && module.owns(type)) {
                        found.add(type);
                    }
                }
            }
        }
        return found;
    }

    /** What {@code flushFromCaches} does, for each class and in each context that holds it. */
    private static String flush(Set<Class<?>> classes, List<GroupContext> contexts, String names)
            throws ReflectiveOperationException {
        Method remove = JdkInternals.method(JdkInternals.type("java.beans.ThreadGroupContext"), "removeBeanInfo",
                Class.class);
        for (Class<?> type : classes) {
            Introspector.flushFromCaches(type);
            for (GroupContext context : contexts) {
                remove.invoke(context.context(), type);
            }
        }
        return "flushed " + names + " from java.beans.Introspector's caches";
    }
}
