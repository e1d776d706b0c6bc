package dev.quiesce.agent.leaks;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

/**
 * Opens the few JDK packages the leak scan reads (thread locals, shutdown hooks, timers, JDBC drivers, access
 * control contexts, the caches of {@code java.beans.Introspector} and {@code ResourceBundle}, loggers' resource
 * bundles) to the module of the agent's runtime, through {@link Instrumentation#redefineModule}: the host is asked for
 * no {@code --add-opens} flag. That module is the boot loader's unnamed one, so a class another agent appends to the
 * bootstrap class path gains the same access; no named module and no class of the application's loaders does.
 * Opening a package loads none of its classes.
 * {@code java.lang} also gives the cell lookup the JVM's thread ids on JDK 17 ({@code ThreadIds}).
 */
public final class JdkInternals {
    private static final Map<String, String> PACKAGES = Map.of("java.lang", "java.base", "java.util", "java.base",
            "java.security", "java.base", "java.sql", "java.sql", "java.beans", "java.desktop",
            "com.sun.beans.introspect", "java.desktop", "com.sun.beans.util", "java.desktop",
            "java.util.logging", "java.logging");

    private JdkInternals() {
    }

    /**
     * Opens the packages; a module missing from this runtime (java.sql in a trimmed image), or a package missing
     * from its module, is skipped.
     */
    public static void open(Instrumentation instrumentation) {
        Module agent = JdkInternals.class.getModule();
        PACKAGES.forEach((pkg, moduleName) -> ModuleLayer.boot().findModule(moduleName)
                .filter(module -> module.getPackages().contains(pkg))
                .ifPresent(module -> instrumentation.redefineModule(module, Set.of(), Map.of(),
                        Map.of(pkg, Set.of(agent)), Set.of(), Map.of())));
    }

    /** A declared field made accessible, or null if this JDK has no such field. */
    static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    /** A declared method, made accessible. */
    static Method method(Class<?> type, String name, Class<?>... parameterTypes) throws NoSuchMethodException {
        Method method = type.getDeclaredMethod(name, parameterTypes);
        method.setAccessible(true);
        return method;
    }

    /**
     * Whether a class of this boot-loader package may have been loaded: false means none ever was, so no cache in
     * it holds anything. Asking loads nothing: {@code Package.getPackage} answers from the VM's table of packages
     * with a loaded class (which also counts packages of the class data sharing archive, so true is only a maybe).
     */
    @SuppressWarnings("deprecation")
    static boolean packageInUse(String name) {
        return Package.getPackage(name) != null;
    }

    /** A JDK class by name, not initialised, or null if this runtime lacks it. */
    static Class<?> type(String name) {
        try {
            return Class.forName(name, false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
