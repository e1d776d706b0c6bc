package dev.quiesce.testplugins.coverage;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** A class of the module's loader that carries no annotation. */
public class Helper implements Callable<String> {
    private final CountDownLatch entered;
    private final CountDownLatch release;

    public Helper(CountDownLatch entered, CountDownLatch release) {
        this.entered = entered;
        this.release = release;
    }

    @Override
    public String call() throws InterruptedException {
        Paths.INSIDE.incrementAndGet();
        try {
            if (Paths.tornDown) {
                Paths.violations.incrementAndGet();
            }
            if (entered != null) {
                entered.countDown();
                release.await();
            }
            return "unannotated";
        } finally {
            Paths.INSIDE.decrementAndGet();
        }
    }
}
