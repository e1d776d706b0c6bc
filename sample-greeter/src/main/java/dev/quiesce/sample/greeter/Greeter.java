package dev.quiesce.sample.greeter;

import dev.quiesce.OnUnload;
import dev.quiesce.Unloadable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A slow greeter: each call takes a few hundred milliseconds, so an unload always finds calls in flight. Its
 * "connection" must stay open while any call is inside; the teardown hook closes it and says how many calls were
 * inside at that moment (with Quiesce, always 0).
 */
@Unloadable("greeter")
public class Greeter implements Function<String, String> {
    private static final AtomicInteger INSIDE = new AtomicInteger();
    private static volatile boolean connectionOpen = true;

    @Override
    public String apply(String caller) {
        INSIDE.incrementAndGet();
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(200, 700));
            if (!connectionOpen) {
                throw new IllegalStateException("connection closed under a call in flight");
            }
            return "Hello, " + caller;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            INSIDE.decrementAndGet();
        }
    }

    @OnUnload
    static void closeConnection() {
        connectionOpen = false;
        System.out.println("[plugin] @OnUnload: connection closed with " + INSIDE.get() + " call(s) inside");
    }
}
