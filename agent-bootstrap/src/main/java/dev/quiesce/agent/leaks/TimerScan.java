package dev.quiesce.agent.leaks;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code java.util.Timer} threads with tasks from the module scheduled. A timer whose tasks are all the module's is
 * cancelled as {@code Timer.cancel()} does (its thread then ends); a timer shared with the host is only reported.
 */
final class TimerScan {
    private TimerScan() {
    }

    static List<Leak> find(ModuleObjects module) throws ReflectiveOperationException {
        List<Leak> leaks = new ArrayList<>();
        Class<?> timerThread = JdkInternals.type("java.util.TimerThread");
        Field queueField = JdkInternals.field(timerThread, "queue");
        for (Thread thread : LiveThreads.all()) {
            if (thread.getClass() != timerThread) {
                continue;
            }
            Object queue = queueField.get(thread);
            Set<String> moduleTasks = new LinkedHashSet<>();
            boolean hostTasks = false;
            for (Object task : tasks(queue)) {
                if (module.owns(task)) {
                    moduleTasks.add(ModuleObjects.name(task));
                } else if (task != null) {
                    hostTasks = true;
                }
            }
            if (moduleTasks.isEmpty()) {
                continue;
            }
            String what = "java.util.Timer thread \"" + thread.getName() + "\" has the module's task(s) "
                    + String.join(", ", moduleTasks) + " scheduled";
            leaks.add(new Leak(what, "cancel the Timer in an @OnUnload hook (timer.cancel())",
                    hostTasks ? null : deadline -> cancel(thread, queue)));
        }
        return leaks;
    }

    private static Object[] tasks(Object queue) throws ReflectiveOperationException {
        Object[] tasks = (Object[]) JdkInternals.field(queue.getClass(), "queue").get(queue);
        return tasks.clone();
    }

    /** What {@code Timer.cancel()} does: no new tasks, the queue cleared, the thread woken to end. */
    private static String cancel(Thread thread, Object queue) throws ReflectiveOperationException {
        synchronized (queue) {
            JdkInternals.field(thread.getClass(), "newTasksMayBeScheduled").setBoolean(thread, false);
            JdkInternals.method(queue.getClass(), "clear").invoke(queue);
            queue.notifyAll();
        }
        return "cancelled java.util.Timer of thread \"" + thread.getName() + "\"";
    }
}
