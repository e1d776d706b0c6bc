package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.beans.BeanInfo;
import java.beans.Introspector;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Introspects a bean class of its own on the calling thread, and on a thread of another thread group (as a host's
 * pool in a group of its own would): {@link Introspector} caches it globally and per thread group, and the module
 * never flushes it.
 */
@Unloadable("stray-bean-info")
public class StrayBeanInfo {
    private static final ThreadGroup WORKERS = new ThreadGroup("stray-workers");

    public void start() throws Exception {
        Introspector.getBeanInfo(Settings.class);
        FutureTask<BeanInfo> introspection = new FutureTask<>(() -> Introspector.getBeanInfo(Settings.class));
        Thread worker = new Thread(WORKERS, introspection, "stray-introspector");
        worker.start();
        try {
            introspection.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("introspection failed: " + e.getCause());
        }
        worker.join();
    }

    /** A bean with one property. */
    public static final class Settings {
        private int size;

        public int getSize() {
            return size;
        }

        public void setSize(int size) {
            this.size = size;
        }
    }
}
