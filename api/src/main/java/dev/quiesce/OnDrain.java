package dev.quiesce;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A hook run when draining starts: new calls are already refused, calls in flight are still running. A static
 * no-arg method of an {@link Unloadable} class. Use it to make the module's own background threads leave their
 * entry points (set a stop flag, interrupt, close a queue), or the drain waits for them until it times out.
 * If the drain then times out, the module returns to service and its {@link OnResume} hooks run.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnDrain {
}
