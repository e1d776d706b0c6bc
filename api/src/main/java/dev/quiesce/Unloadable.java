package dev.quiesce;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class of an unloadable module. Its public methods and public constructors become entry points: with the
 * Quiesce agent installed, every call counts itself in and out, and a new call into a module that is being unloaded
 * fails with {@link ModuleUnloadedException} without running the body.
 *
 * <p>A module is one {@link ClassLoader} and the classes it defines; classes of the boot, platform and application
 * class loaders are never modules. All annotated classes of one loader must name the same module. The agent matches
 * this annotation by name, so the annotation class need not be present at run time.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Unloadable {
    /** The module's name; empty means the class loader's name, or a generated id if the loader has none. */
    String value() default "";
}
