package dev.quiesce.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.function.BiFunction;

/**
 * Defines a class in the boot loader through the JDK-internal {@code jdk.internal.misc.Unsafe.defineClass} with a
 * null loader. {@link BootDefinition} loads this class alone into a private class loader and exports
 * {@code jdk.internal.misc} to that loader's unnamed module only, so no class of the host gains that access. Not
 * for use from the agent jar's own loader, where the package is not exported.
 */
public final class UnsafeDefiner implements BiFunction<String, byte[], Class<?>> {
    private final Object unsafe;
    private final Method defineClass;

    /** @throws ReflectiveOperationException if this JDK has no {@code jdk.internal.misc.Unsafe.defineClass} */
    public UnsafeDefiner() throws ReflectiveOperationException {
        Class<?> type = Class.forName("jdk.internal.misc.Unsafe");
        unsafe = type.getMethod("getUnsafe").invoke(null);
        defineClass = type.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
    }

    /**
     * Defines the class file {@code bytes}, named {@code name} (a binary name), in the boot loader.
     *
     * @throws LinkageError as {@code ClassLoader.defineClass} would, e.g. if the boot loader has such a class
     */
    @Override
    public Class<?> apply(String name, byte[] bytes) {
        try {
            return (Class<?>) defineClass.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Unsafe.defineClass failed for " + name, e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("jdk.internal.misc is not exported to " + getClass().getModule(), e);
        }
    }
}
