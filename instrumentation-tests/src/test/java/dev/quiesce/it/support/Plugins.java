package dev.quiesce.it.support;

import dev.quiesce.ModuleInfo;
import dev.quiesce.Quiesce;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the test plugins jar into class loaders of their own and calls into them by reflection, as a plugin host
 * does. Nothing here caches a loader, class or instance, so a test that drops its own references lets the loader
 * be collected.
 */
public final class Plugins {
    public static final String WORKER = "dev.quiesce.testplugins.Worker";
    public static final String PLAIN_LIB = "dev.quiesce.testplugins.guarded.PlainLib";

    private Plugins() {
    }

    public static Path jar() {
        return Path.of(System.getProperty("quiesce.testPlugins"));
    }

    /** A new loader over the plugins jar, with the application loader as parent, or none. */
    public static URLClassLoader newLoader(String name, boolean nullParent) {
        return newLoader(name, nullParent ? null : Plugins.class.getClassLoader());
    }

    /** A new loader over the plugins jar, with {@code parent} (a {@link HostLoader}, say). */
    public static URLClassLoader newLoader(String name, ClassLoader parent) {
        return new URLClassLoader(name, new URL[] {jarUrl()}, parent);
    }

    static URL jarUrl() {
        try {
            return jar().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Object newInstance(ClassLoader loader, String className) {
        try {
            return loader.loadClass(className).getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw rethrow(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The module id the agent gave this loader's module. */
    public static String moduleId(ClassLoader loader) {
        return Quiesce.moduleOf(loader).map(ModuleInfo::id)
                .orElseThrow(() -> new AssertionError("no module for " + loader));
    }

    public static ModuleInfo info(String moduleId) {
        return Quiesce.module(moduleId).orElseThrow(() -> new AssertionError("no module " + moduleId));
    }

    /** Asserts that every entrance of each module left: its entrances and exits are equal. */
    public static void assertBalanced(List<String> moduleIds) {
        for (String id : moduleIds) {
            ModuleInfo info = info(id);
            if (info.entrances() != info.exits()) {
                throw new AssertionError(id + " is not balanced: " + info.entrances() + " entrances, " + info.exits()
                        + " exits");
            }
        }
    }

    /** Calls a public method by name (the first one with that name and argument count), unwrapping exceptions. */
    public static Object call(Object target, String method, Object... args) {
        Class<?> type = target instanceof Class<?> c ? c : target.getClass();
        for (Method m : type.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target instanceof Class<?> ? null : target, args);
                } catch (InvocationTargetException e) {
                    throw rethrow(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalArgumentException("no method " + method + " with " + args.length + " argument(s) on " + type);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException rethrow(Throwable t) throws T {
        throw (T) t;
    }
}
