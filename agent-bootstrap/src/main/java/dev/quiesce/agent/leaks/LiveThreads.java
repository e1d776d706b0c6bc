package dev.quiesce.agent.leaks;

import java.util.Arrays;
import java.util.List;

/** The live platform threads of this JVM, from the root thread group. */
final class LiveThreads {
    private LiveThreads() {
    }

    static List<Thread> all() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count;
        while ((count = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return Arrays.asList(Arrays.copyOf(threads, count));
    }
}
