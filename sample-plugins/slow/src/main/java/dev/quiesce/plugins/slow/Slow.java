package dev.quiesce.plugins.slow;

import dev.quiesce.ModuleInfo;
import dev.quiesce.OnUnload;
import dev.quiesce.Quiesce;
import dev.quiesce.Unloadable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The slow plugin: each request sleeps {@code ?ms=} milliseconds (default 3000, at most 30000), so a redeploy finds
 * calls in flight and drains them. Its "connection" must stay open while a call is inside; the teardown hook closes
 * it and says how many calls were inside then (with Quiesce, always 0). Answers name the generation that served them.
 */
@Unloadable("slow")
public class Slow implements Function<Map<String, String>, String> {
    private static final String GENERATION = Quiesce.moduleOf(Slow.class.getClassLoader())
            .map(ModuleInfo::id).orElse("slow");
    private static final AtomicInteger INSIDE = new AtomicInteger();
    private static volatile boolean connectionOpen = true;

    @Override
    public String apply(Map<String, String> request) {
        long millis = Math.max(0, Math.min(30_000, Long.parseLong(request.getOrDefault("param.ms", "3000"))));
        INSIDE.incrementAndGet();
        try {
            Thread.sleep(millis);
            if (!connectionOpen) {
                throw new IllegalStateException("connection closed under a call in flight");
            }
            return GENERATION + " answered after " + millis + " ms\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sleeping", e);
        } finally {
            INSIDE.decrementAndGet();
        }
    }

    @OnUnload
    static void closeConnection() {
        connectionOpen = false;
        System.out.println("[slow] @OnUnload: " + GENERATION + " closed its connection with " + INSIDE.get()
                + " call(s) inside");
    }
}
