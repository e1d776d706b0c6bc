package dev.quiesce;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A hook run when a drain timed out and the module returns to service: undo what the {@link OnDrain} hooks did.
 * A static no-arg method of an {@link Unloadable} class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnResume {
}
