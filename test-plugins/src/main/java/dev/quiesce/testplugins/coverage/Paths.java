package dev.quiesce.testplugins.coverage;

import dev.quiesce.OnUnload;
import dev.quiesce.Unloadable;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A module entered by every path but a public method: a lambda, a method reference, an anonymous class, an inner
 * class, reflection on a private method, and (in the classes next to it) a host's template method, a class without
 * the annotation and static initialisers. Each path's own body, not a helper it calls, counts itself in
 * {@link #INSIDE} and optionally holds until {@code release} opens (null latches: it does not hold), so that the
 * teardown hook can tell, independently of the agent, whether any of it is running.
 */
@Unloadable("paths")
public class Paths {
    static final AtomicInteger INSIDE = new AtomicInteger();
    static volatile boolean tornDown;
    static volatile AtomicInteger violations = new AtomicInteger();
    static volatile Consumer<String> events = e -> { };
    /** The latches {@link SlowInit}'s static initialiser holds on. */
    static volatile CountDownLatch initEntered;
    static volatile CountDownLatch initRelease;

    private final CountDownLatch entered;
    private final CountDownLatch release;

    private Paths(CountDownLatch entered, CountDownLatch release) {
        this.entered = entered;
        this.release = release;
    }

    /** Where the module reports: teardown lines to {@code sink}, calls that ran during or after it to {@code count}. */
    public static void host(Consumer<String> sink, AtomicInteger count) {
        events = sink;
        violations = count;
    }

    public static Callable<String> lambda(CountDownLatch entered, CountDownLatch release) {
        return () -> {
            INSIDE.incrementAndGet();
            try {
                if (tornDown) {
                    violations.incrementAndGet();
                }
                if (entered != null) {
                    entered.countDown();
                    release.await();
                }
                return "lambda";
            } finally {
                INSIDE.decrementAndGet();
            }
        };
    }

    public static Callable<String> methodReference(CountDownLatch entered, CountDownLatch release) {
        return new Paths(entered, release)::referenced;
    }

    private String referenced() throws InterruptedException {
        INSIDE.incrementAndGet();
        try {
            if (tornDown) {
                violations.incrementAndGet();
            }
            if (entered != null) {
                entered.countDown();
                release.await();
            }
            return "method reference";
        } finally {
            INSIDE.decrementAndGet();
        }
    }

    public static Callable<String> anonymous(CountDownLatch entered, CountDownLatch release) {
        return new Callable<>() {
            @Override
            public String call() throws InterruptedException {
                INSIDE.incrementAndGet();
                try {
                    if (tornDown) {
                        violations.incrementAndGet();
                    }
                    if (entered != null) {
                        entered.countDown();
                        release.await();
                    }
                    return "anonymous";
                } finally {
                    INSIDE.decrementAndGet();
                }
            }
        };
    }

    public static Callable<String> inner(CountDownLatch entered, CountDownLatch release) {
        return new Paths(entered, release).new Inner();
    }

    /** An inner class: it has no annotation of its own. */
    class Inner implements Callable<String> {
        @Override
        public String call() throws InterruptedException {
            INSIDE.incrementAndGet();
            try {
                if (tornDown) {
                    violations.incrementAndGet();
                }
                if (entered != null) {
                    entered.countDown();
                    release.await();
                }
                return "inner";
            } finally {
                INSIDE.decrementAndGet();
            }
        }
    }

    /** Reached by reflection only, as frameworks reach private members. */
    private static String secret(CountDownLatch entered, CountDownLatch release) throws InterruptedException {
        INSIDE.incrementAndGet();
        try {
            if (tornDown) {
                violations.incrementAndGet();
            }
            if (entered != null) {
                entered.countDown();
                release.await();
            }
            return "reflection";
        } finally {
            INSIDE.decrementAndGet();
        }
    }

    /** The latches {@link SlowInit}'s static initialiser will hold on; call before it is initialised. */
    public static void holdInitializer(CountDownLatch entered, CountDownLatch release) {
        initEntered = entered;
        initRelease = release;
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
