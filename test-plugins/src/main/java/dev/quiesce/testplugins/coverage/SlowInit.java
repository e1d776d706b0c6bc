package dev.quiesce.testplugins.coverage;

/** A static initialiser that holds on the latches {@link Paths#holdInitializer} set. */
public final class SlowInit {
    static {
        Paths.INSIDE.incrementAndGet();
        try {
            Paths.initEntered.countDown();
            Paths.initRelease.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            Paths.INSIDE.decrementAndGet();
        }
    }

    private SlowInit() {
    }
}
