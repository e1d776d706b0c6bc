package dev.quiesce.testplugins.threads;

import dev.quiesce.OnUnload;
import dev.quiesce.Unloadable;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A module that starts threads from inside a call, after the host's drain may have started: each way of starting is
 * one {@code kind} of {@link #start}. The thread runs the host's {@code body}, which calls {@link #work} (module code
 * that counts itself in {@link #INSIDE}, independently of the agent), so the teardown hook can tell whether any of
 * it is running, and reports violations (work that runs after the teardown) to the host.
 */
@Unloadable("threads")
public class StartsThreads {
    static final AtomicInteger INSIDE = new AtomicInteger();
    static volatile boolean tornDown;
    static volatile AtomicInteger violations = new AtomicInteger();
    static volatile Consumer<String> events = e -> { };

    private StartsThreads() {
    }

    /** Where the module reports: teardown lines to {@code sink}, work that ran after it to {@code count}. */
    public static void host(Consumer<String> sink, AtomicInteger count) {
        events = sink;
        violations = count;
    }

    /**
     * Holds until {@code release} opens (unless {@code entered} is null), then starts a thread running {@code body}
     * {@code kind}'s way and returns without waiting for it.
     */
    public static String start(String kind, CountDownLatch entered, CountDownLatch release, Runnable body)
            throws InterruptedException {
        if (entered != null) {
            entered.countDown();
            release.await();
        }
        switch (kind) {
            case "none" -> {
                return "none";
            }
            case "start" -> new Thread(body, "started-inside").start();
            case "subclass" -> new Thread(body, "started-inside") { }.start(); // the call names the subclass
            case "notAThread" -> { // a start() of another class, private to a nestmate: called as it was
                Engine engine = new Engine();
                engine.start();
                return engine.started ? "engine started" : "engine not started";
            }
            case "startReference" -> {
                Consumer<Thread> start = Thread::start;
                start.accept(new Thread(body, "started-inside"));
            }
            case "subclassReference" -> { // names Worker, which overrides start
                Worker worker = new Worker(body);
                Runnable start = worker::start;
                start.run();
            }
            case "unboundSubclassReference" -> {
                Consumer<Worker> start = Worker::start;
                start.accept(new Worker(body));
            }
            case "notAThreadReference" -> {
                Engine engine = new Engine();
                Runnable start = engine::start;
                start.run();
                return engine.started ? "engine started" : "engine not started";
            }
            case "startTwice" -> { // the second start throws: its carry must not hold the drain
                Thread thread = new Thread(body, "started-inside");
                thread.start();
                try {
                    thread.start();
                    return "started twice";
                } catch (IllegalThreadStateException e) {
                    return "second start refused";
                }
            }
            default -> {
                return startOnJdk21(kind, body);
            }
        }
        return "started";
    }

    /**
     * The {@code Thread.Builder} kinds: module code compiled for 21 (src/main/java21), present only if the module
     * was built on JDK 21 or later, so it is reached by name.
     */
    private static String startOnJdk21(String kind, Runnable body) {
        try {
            return (String) Class.forName("dev.quiesce.testplugins.threads.Builders")
                    .getDeclaredMethod("start", String.class, Runnable.class).invoke(null, kind, body);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(kind + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException(kind + " needs the module built on JDK 21 or later", e);
        }
    }

    /** Module code a started thread calls: it reports {@code step} to {@code results}. */
    public static String work(String step, Consumer<String> results) {
        INSIDE.incrementAndGet();
        try {
            if (tornDown) {
                violations.incrementAndGet();
            }
            results.accept(step);
            return step;
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

    /** The module's own thread class, which overrides {@code start} (a method reference to it names this class). */
    private static final class Worker extends Thread {
        Worker(Runnable body) {
            super(body, "started-inside");
        }

        @Override
        public synchronized void start() {
            setDaemon(true);
            super.start();
        }
    }

    /** Not a thread: its {@code start()} is an ordinary method. */
    private static final class Engine {
        private boolean started;

        private void start() {
            started = true;
        }
    }
}
