package dev.quiesce.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;
import java.util.function.BiFunction;

/**
 * Defines a class in the boot loader through the JDK-internal {@code jdk.internal.misc.Unsafe.defineClass} with a
 * null loader. {@link BootDefinition} loads this class alone into a private class loader and exports
 * {@code jdk.internal.misc} to that loader's unnamed module only, so no class of the host gains that access. Not
 * for use from the agent jar's own loader, where the package is not exported.
 */
public final class UnsafeDefiner implements BiFunction<String, byte[], Class<?>> {
    private final MethodHandle defineClass;

    /** @throws ReflectiveOperationException if this JDK has no {@code jdk.internal.misc.Unsafe.defineClass} */
    public UnsafeDefiner() throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Class<?> type = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe;
        try {
            unsafe = lookup.findStatic(type, "getUnsafe", MethodType.methodType(type)).invoke();
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        defineClass = lookup.findVirtual(type, "defineClass", MethodType.methodType(Class.class, String.class,
                byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class)).bindTo(unsafe);
    }

    /**
     * Defines the class file {@code bytes}, named {@code name} (a binary name), in the boot loader.
     *
     * @throws LinkageError as {@code ClassLoader.defineClass} would, e.g. if the boot loader has such a class
     */
    @Override
    public Class<?> apply(String name, byte[] bytes) {
        try {
            return (Class<?>) defineClass.invokeExact(name, bytes, 0, bytes.length, (ClassLoader) null,
                    (ProtectionDomain) null);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Unsafe.defineClass failed for " + name, e);
        }
    }
}
