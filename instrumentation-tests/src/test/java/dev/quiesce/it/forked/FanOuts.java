package dev.quiesce.it.forked;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@link PluginHost}'s fan-out commands, on the test plugins' {@code FanOut} module, one loader each:
 * <pre>
 * fanout-load &lt;loader&gt;          a new loader with FanOut                             → loaded &lt;loader&gt;
 * fanout-hold &lt;loader&gt; &lt;kind&gt;   FanOut.fanOut(kind) on a new thread, held before it hands its task over
 *                                                                                  → holding &lt;loader&gt;
 * fanout-release &lt;loader&gt;       lets it hand the task over, waits for the task to start (10 s at most)
 *                                → task entered &lt;loader&gt;: &lt;the call's result&gt; | task not entered &lt;loader&gt;: ...
 * fanout-finish &lt;loader&gt;        lets the task end, waits for it (10 s at most) → finished &lt;loader&gt;: &lt;results&gt;
 * fanout-drop &lt;loader&gt;          once the module reported its teardown (10 s at most), forgets the loader
 *                                → dropped &lt;loader&gt;: &lt;teardown events&gt; violations=&lt;module code run during or
 *                                after its teardown&gt;
 * </pre>
 * Never touches a Quiesce class.
 */
final class FanOuts {
    private static final String FAN_OUT = "dev.quiesce.testplugins.fanout.FanOut";
    private static final Map<String, Session> SESSIONS = new ConcurrentHashMap<>();

    private FanOuts() {
    }

    private record Session(Class<?> fanOut, List<String> events, CountDownLatch reported, List<String> results,
                           CountDownLatch taskDone, AtomicInteger violations, CountDownLatch release,
                           CountDownLatch taskEntered, CountDownLatch taskRelease, CompletableFuture<String> result,
                           ExecutorService pool) {
    }

    static String run(URL plugins, String[] words) throws Exception {
        String loader = words[1];
        return switch (words[0]) {
            case "fanout-load" -> load(plugins, loader);
            case "fanout-hold" -> hold(SESSIONS.get(loader), loader, words[2]);
            case "fanout-release" -> release(SESSIONS.get(loader), loader);
            case "fanout-finish" -> finish(SESSIONS.get(loader), loader);
            case "fanout-drop" -> drop(SESSIONS.remove(loader), loader);
            default -> throw new IllegalArgumentException(words[0]);
        };
    }

    private static String load(URL plugins, String name) throws Exception {
        Class<?> fanOut = new URLClassLoader(name, new URL[] {plugins}, PluginHost.class.getClassLoader())
                .loadClass(FAN_OUT);
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch reported = new CountDownLatch(1);
        AtomicInteger violations = new AtomicInteger();
        Consumer<String> teardowns = event -> {
            events.add(event);
            reported.countDown();
        };
        fanOut.getMethod("host", Consumer.class, AtomicInteger.class).invoke(null, teardowns, violations);
        ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(1);
        pool.prestartAllCoreThreads(); // the host's thread, started outside module frames
        SESSIONS.put(name, new Session(fanOut, events, reported, new CopyOnWriteArrayList<>(), new CountDownLatch(1),
                violations, new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1),
                new CompletableFuture<>(), pool));
        return "loaded " + name;
    }

    private static String hold(Session session, String loader, String kind) throws Exception {
        Method fanOut = null;
        for (Method m : session.fanOut().getMethods()) {
            if (m.getName().equals("fanOut")) {
                fanOut = m;
            }
        }
        Method call = fanOut;
        CountDownLatch entered = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try {
                session.result().complete(String.valueOf(call.invoke(null, kind, session.pool(), entered,
                        session.release(), session.taskEntered(), session.taskRelease(),
                        (Consumer<String>) done -> {
                            session.results().add(done);
                            session.taskDone().countDown();
                        })));
            } catch (InvocationTargetException e) {
                session.result().complete("threw " + e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                session.result().complete("threw " + e);
            } finally {
                entered.countDown();
            }
        }, "fanout-" + loader);
        thread.setDaemon(true);
        thread.start();
        entered.await();
        return session.result().isDone() ? "hold " + session.result().join() : "holding " + loader;
    }

    private static String release(Session session, String loader) throws Exception {
        session.release().countDown();
        String returned = session.result().get(10, TimeUnit.SECONDS);
        return (session.taskEntered().await(10, TimeUnit.SECONDS) ? "task entered " : "task not entered ") + loader
                + ": " + returned;
    }

    private static String finish(Session session, String loader) throws InterruptedException {
        session.taskRelease().countDown();
        session.taskDone().await(10, TimeUnit.SECONDS);
        return "finished " + loader + ": " + session.results();
    }

    private static String drop(Session session, String loader) throws InterruptedException {
        session.reported().await(10, TimeUnit.SECONDS);
        session.pool().shutdown();
        return "dropped " + loader + ": " + session.events() + " violations=" + session.violations().get();
    }
}
