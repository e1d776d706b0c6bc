package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;

/** Leaves a value of its own class in a ThreadLocal of the calling (host, pooled) thread. */
@Unloadable("stray-thread-local")
public class StrayThreadLocal {
    private static final ThreadLocal<Object> CONTEXT = new ThreadLocal<>();

    public void start() {
        CONTEXT.set(new RequestContext());
    }

    private static final class RequestContext {
    }
}
