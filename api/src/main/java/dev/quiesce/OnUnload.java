package dev.quiesce;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A teardown hook: a static no-arg method of an {@link Unloadable} class, run once the module has drained (no call
 * is inside it) and before the host is told the module is gone. Close pools, files and connections here. The hook
 * may call the module's own entry points. An exception is reported in the unload report and does not stop the
 * other hooks. Hook methods are not entry points.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnUnload {
}
