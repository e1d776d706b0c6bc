package dev.quiesce.pf4j.support;

import dev.quiesce.pf4j.testapi.Greeting;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Extension calls held inside the plugin by the host until {@link #release}; each answers on its own thread. */
public final class HeldCalls {
    private final CountDownLatch entered;
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<CompletableFuture<String>> answers = new ArrayList<>();

    private HeldCalls(int count) {
        entered = new CountDownLatch(count);
    }

    /** Starts {@code count} calls of {@code greeting.greet(name-i)} and returns once all are inside the plugin. */
    public static HeldCalls start(Greeting greeting, int count, String name) throws InterruptedException {
        HeldCalls calls = new HeldCalls(count);
        for (int i = 0; i < count; i++) {
            String who = name + "-" + i;
            CompletableFuture<String> answer = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    answer.complete(greeting.greet(who, calls::holdInside));
                } catch (RuntimeException | Error e) {
                    answer.completeExceptionally(e);
                }
            }, "held-call-" + who);
            thread.setDaemon(true);
            calls.answers.add(answer);
            thread.start();
        }
        if (!calls.entered.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the held calls did not all enter the plugin");
        }
        return calls;
    }

    private void holdInside() {
        entered.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the held calls finish. */
    public void release() {
        release.countDown();
    }

    /** Each call's answer, once it has finished. */
    public List<String> answers() {
        return answers.stream().map(a -> a.orTimeout(10, TimeUnit.SECONDS).join()).toList();
    }
}
