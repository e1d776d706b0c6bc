package dev.quiesce.agent.leaks;

import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/** How one thread holds a module: its class, its task, its context class loader, its inherited access context. */
final class ThreadHolds {
    private static final Field TARGET = JdkInternals.field(Thread.class, "target");
    private static final Field HOLDER = JdkInternals.field(Thread.class, "holder");
    private static final Field ACC = JdkInternals.field(Thread.class, "inheritedAccessControlContext");

    private ThreadHolds() {
    }

    /** The module's objects the thread runs: a thread subclass from the module, or a task from it. */
    static boolean startedBy(ModuleObjects module, Thread thread) throws ReflectiveOperationException {
        return module.owns(thread) || module.owns(task(thread));
    }

    /** Each way the thread holds the module, as "is a ...", "runs ...": empty if it does not. */
    static List<String> reasons(ModuleObjects module, Thread thread) throws ReflectiveOperationException {
        List<String> reasons = new ArrayList<>();
        if (module.owns(thread)) {
            reasons.add("is a " + thread.getClass().getName() + " (a Thread subclass from the module)");
        }
        Object task = task(thread);
        if (module.owns(task)) {
            reasons.add("runs a " + ModuleObjects.name(task));
        }
        if (module.owns(thread.getContextClassLoader())) {
            reasons.add("has the module's loader as its context class loader");
        }
        if (inheritedContextHolds(module, thread)) {
            reasons.add("inherited an AccessControlContext holding the module's code (it was created while module"
                    + " code was on the stack)");
        }
        return reasons;
    }

    /** The Runnable the thread was created with ({@code Thread.target} up to JDK 20, {@code holder.task} after). */
    private static Object task(Thread thread) throws ReflectiveOperationException {
        if (TARGET != null) {
            return TARGET.get(thread);
        }
        Object holder = HOLDER == null ? null : HOLDER.get(thread);
        Field task = holder == null ? null : JdkInternals.field(holder.getClass(), "task");
        return task == null ? null : task.get(holder);
    }

    /** JDK 17 to 23: a thread inherits the protection domains on its creator's stack. */
    private static boolean inheritedContextHolds(ModuleObjects module, Thread thread)
            throws ReflectiveOperationException {
        Object acc = ACC == null ? null : ACC.get(thread);
        Field context = acc == null ? null : JdkInternals.field(acc.getClass(), "context");
        Object[] domains = context == null ? null : (Object[]) context.get(acc);
        if (domains != null) {
            for (Object domain : domains) {
                if (domain != null && module.owns(((ProtectionDomain) domain).getClassLoader())) {
                    return true;
                }
            }
        }
        return false;
    }
}
