package dev.quiesce.testplugins.forkjoin;

import dev.quiesce.OnUnload;
import dev.quiesce.Unloadable;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A module whose call, once the host's drain may have started, splits work the JDK's fork/join way, one
 * {@code kind} of {@link #run}, and waits for it. Each element of the work is a call into the module ({@link
 * #element}) that, on the thread that started the work, holds until another thread (a fork/join worker) has run one
 * too, so that every kind has a worker make a first call into the module while it drains. {@link #INSIDE} counts elements running,
 * independently of the agent, for the teardown hook.
 */
@Unloadable("parallel")
public class ParallelWork {
    static final int ELEMENTS = 16;
    static final AtomicInteger INSIDE = new AtomicInteger();
    static volatile CountDownLatch otherThreadRan = new CountDownLatch(1);
    /** The thread that starts the fork/join work. */
    static volatile Thread root;
    static volatile Consumer<String> events = e -> { };
    static volatile AtomicInteger violations = new AtomicInteger();
    static volatile boolean tornDown;

    private ParallelWork() {
    }

    /** Where the module reports: teardown lines to {@code sink}, elements that ran after it to {@code count}. */
    public static void host(Consumer<String> sink, AtomicInteger count) {
        events = sink;
        violations = count;
    }

    /**
     * Counts {@code entered} down, holds until {@code release} opens, then runs {@code kind}'s work and returns
     * the sum of its elements (0 + 1 + ... + 15 = 120), or throws what the work threw. The {@code RecursiveTask}
     * kinds run in {@code pool}, which the host shuts down once the call returned.
     */
    public static int run(String kind, ForkJoinPool pool, CountDownLatch entered, CountDownLatch release)
            throws InterruptedException {
        otherThreadRan = new CountDownLatch(1);
        entered.countDown();
        if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not released");
        }
        root = Thread.currentThread();
        return work(kind, pool, true);
    }

    /**
     * {@code kind}'s work at once, with no hold, its elements not waiting for each other; a throw from inside it
     * (work that failed half-way) is counted in {@code failures} before it propagates.
     */
    public static int sum(String kind, ForkJoinPool pool, AtomicInteger failures) {
        try {
            return work(kind, pool, false);
        } catch (RuntimeException | Error e) {
            failures.incrementAndGet();
            throw e;
        }
    }

    /** {@code kind}'s work; {@code held}: the thread that starts it is the root (see {@link #element}). */
    private static int work(String kind, ForkJoinPool pool, boolean held) {
        return switch (kind) {
            case "intStream" -> IntStream.range(0, ELEMENTS).parallel().map(i -> element(i)).sum();
            case "collection" -> IntStream.range(0, ELEMENTS).boxed().collect(Collectors.toList()).parallelStream()
                    .mapToInt(ParallelWork::element).sum();
            case "parallelSetAll" -> {
                int[] values = new int[ELEMENTS];
                Arrays.parallelSetAll(values, i -> element(i));
                yield Arrays.stream(values).sum();
            }
            case "poolInvoke" -> pool.invoke(new Halves(0, ELEMENTS));
            case "invokeOnAWorker" -> pool.submit(() -> {
                if (held) {
                    root = Thread.currentThread();
                }
                return new Halves(0, ELEMENTS).invoke();
            }).join();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A task the host hands to a pool itself: a first call into the module by a worker, with no call waiting. */
    public static Runnable hostTask(List<String> results) {
        return () -> results.add("element " + element(-1));
    }

    /** One element: counted in {@link #INSIDE}; on the root thread, it waits (bounded) for another's element. */
    static int element(int i) {
        INSIDE.incrementAndGet();
        try {
            if (tornDown) {
                violations.incrementAndGet();
            }
            if (Thread.currentThread() != root) {
                otherThreadRan.countDown();
            } else if (i >= 0) {
                otherThreadRan.await(10, TimeUnit.SECONDS);
            }
            return i;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return i;
        } finally {
            INSIDE.decrementAndGet();
        }
    }

    @OnUnload
    static void teardown() {
        int inside = INSIDE.get();
        if (inside != 0) {
            violations.incrementAndGet();
        }
        tornDown = true;
        events.accept("onUnload inside=" + inside);
    }
}
