package dev.quiesce.testplugins.coverage;

import dev.quiesce.Unloadable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RecursiveTask;

/**
 * A protected override called by a host's template method: the host calls {@code invoke()}, a public final method
 * of the JDK's {@link java.util.concurrent.ForkJoinTask}, which calls {@code compute()}, as HttpServlet.service calls
 * doGet.
 */
@Unloadable("paths")
public class Task extends RecursiveTask<String> {
    private final transient CountDownLatch entered;
    private final transient CountDownLatch release;

    public Task(CountDownLatch entered, CountDownLatch release) {
        this.entered = entered;
        this.release = release;
    }

    @Override
    protected String compute() {
        Paths.INSIDE.incrementAndGet();
        try {
            if (Paths.tornDown) {
                Paths.violations.incrementAndGet();
            }
            if (entered != null) {
                entered.countDown();
                release.await();
            }
            return "template";
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            Paths.INSIDE.decrementAndGet();
        }
    }
}
