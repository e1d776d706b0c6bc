package dev.quiesce.agent.leaks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Live threads that hold the module. One the module started (its class or task is the module's) is fixed by an
 * interrupt and a join bounded by the deadline, never {@code stop()}; a host thread is only reported.
 */
final class ThreadScan {
    private ThreadScan() {
    }

    static List<Leak> find(ModuleObjects module) throws ReflectiveOperationException {
        List<Leak> leaks = new ArrayList<>();
        for (Thread thread : LiveThreads.all()) {
            List<String> reasons = ThreadHolds.reasons(module, thread);
            if (thread == Thread.currentThread() || reasons.isEmpty()) {
                continue;
            }
            String what = "live thread \"" + thread.getName() + "\" " + String.join(", ", reasons);
            if (ThreadHolds.startedBy(module, thread)) {
                leaks.add(new Leak(what, "the module started it and never stopped it: stop it in an @OnUnload hook"
                        + " (interrupt and join it)", deadline -> interruptAndJoin(thread, deadline)));
            } else {
                leaks.add(new Leak(what, "a host thread: set its context class loader back after the module's"
                        + " call, and create threads for the module outside module code", null));
            }
        }
        return leaks;
    }

    private static String interruptAndJoin(Thread thread, long deadlineNanos) throws InterruptedException {
        thread.interrupt();
        long waitNanos = Math.max(1, deadlineNanos - System.nanoTime());
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
        if (thread.isAlive()) {
            throw new IllegalStateException("thread \"" + thread.getName() + "\" was interrupted but did not end"
                    + " in time; it is left running");
        }
        return "interrupted and joined thread \"" + thread.getName() + "\"";
    }
}
