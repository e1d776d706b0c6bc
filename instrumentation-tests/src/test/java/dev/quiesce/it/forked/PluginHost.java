package dev.quiesce.it.forked;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.ref.SoftReference;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A plugin host that a test drives line by line on standard input, with or without the agent. It loads the test
 * plugins jar (first argument) into class loaders of their own and never touches a Quiesce class, so the agent may
 * be attached to it later. Each command answers with one line on standard output:
 * <pre>
 * load &lt;loader&gt;             a new loader named &lt;loader&gt; with a Worker     → loaded &lt;loader&gt;
 * call &lt;loader&gt;             Worker.work                                  → called &lt;loader&gt;: 42 | refused &lt;loader&gt;: ...
 * hold &lt;loader&gt; &lt;thread&gt;    Worker.hold on a new thread, until released  → holding &lt;thread&gt; | hold threw ...
 * release &lt;thread&gt;           lets the held call return                    → released &lt;thread&gt;: &lt;what it returned&gt;
 * drop &lt;loader&gt;             forgets the loader and its Worker            → dropped &lt;loader&gt;
 * soften &lt;loader&gt;           keeps its Worker in a SoftReference only     → softened &lt;loader&gt;
 * start &lt;loader&gt; &lt;class&gt;    a new loader; calls &lt;class&gt;.start(), keeps nothing → started &lt;loader&gt;
 * jmx                        a JMX connector server on the loopback       → jmx &lt;service URL&gt;
 * load-unnamed &lt;key&gt;        as load, in a loader without a name          → loaded &lt;key&gt;
 * load-stalling &lt;loader&gt;    as load, in a loader whose getResourceAsStream of a class file waits for
 *                            let-attach-read (the agent's attach reads class files that way) → loaded &lt;loader&gt;
 * await-attach-read          until the attach has tried to read one      → attach is reading
 * let-attach-read            lets it read                                → attach may read
 * hold-host &lt;key&gt; &lt;thread&gt; &lt;depth&gt;   Worker.callHost on a new thread; the host's callback recurses
 *                            &lt;depth&gt; frames, then waits (release ends it) → holding &lt;thread&gt;
 * reenter &lt;thread&gt; &lt;key&gt;    that callback goes on into &lt;key&gt;'s Worker.hold, until released
 *                                                                         → reentered &lt;thread&gt;
 * unload-inside &lt;thread&gt; &lt;module&gt;  that callback unloads &lt;module&gt; and returns
 *                                                                         → unload-inside &lt;thread&gt;: ...
 * unload &lt;module&gt; &lt;millis&gt;   Quiesce.unload, by reflection
 *                                                     → unloaded: &lt;summary&gt; | unload refused: ...
 * fanout-...                 work a module call hands over: see {@link FanOuts}
 * </pre>
 */
public final class PluginHost {
    private static final String WORKER = "dev.quiesce.testplugins.Worker";
    private static final Map<String, Object> WORKERS = new ConcurrentHashMap<>();
    private static final Map<String, Held> HELD = new ConcurrentHashMap<>();
    private static final Map<String, SoftReference<Object>> SOFTLY_HELD = new ConcurrentHashMap<>();
    private static final Map<String, HostCallback> CALLBACKS = new ConcurrentHashMap<>();
    private static final CountDownLatch ATTACH_READING = new CountDownLatch(1);
    private static final CountDownLatch LET_ATTACH_READ = new CountDownLatch(1);

    private PluginHost() {
    }

    public static void main(String[] args) throws Exception {
        URL plugins = Path.of(args[0]).toUri().toURL();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("ready");
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.trim().split(" ");
            System.out.println(switch (words[0]) {
                case "load" -> load(plugins, words[1]);
                case "call" -> call(words[1]);
                case "hold" -> hold(words[1], words[2]);
                case "release" -> release(words[1]);
                case "soften" -> {
                    SOFTLY_HELD.put(words[1], new SoftReference<>(WORKERS.remove(words[1])));
                    yield "softened " + words[1];
                }
                case "start" -> start(plugins, words[1], words[2]);
                case "drop" -> WORKERS.remove(words[1]) == null ? "unknown " + words[1] : "dropped " + words[1];
                case "jmx" -> "jmx " + jmx();
                case "load-unnamed" -> load(new URLClassLoader(new URL[] {plugins}, PluginHost.class.getClassLoader()),
                        words[1]);
                case "load-stalling" -> load(new StallingLoader(words[1], plugins), words[1]);
                case "await-attach-read" -> {
                    ATTACH_READING.await();
                    yield "attach is reading";
                }
                case "let-attach-read" -> {
                    LET_ATTACH_READ.countDown();
                    yield "attach may read";
                }
                case "hold-host" -> holdHost(words[1], words[2], Integer.parseInt(words[3]));
                case "reenter" -> reenter(words[1], words[2]);
                case "unload-inside" -> unloadInside(words[1], words[2]);
                case "unload" -> unload(words[1], Long.parseLong(words[2]));
                case "fanout-load", "fanout-hold", "fanout-release", "fanout-finish", "fanout-drop" ->
                        FanOuts.run(plugins, words);
                default -> "unknown command " + line;
            });
        }
    }

    private static String load(URL plugins, String name) throws Exception {
        return load(new URLClassLoader(name, new URL[] {plugins}, PluginHost.class.getClassLoader()), name);
    }

    private static String load(ClassLoader loader, String key) throws Exception {
        WORKERS.put(key, loader.loadClass(WORKER).getConstructor().newInstance());
        return "loaded " + key;
    }

    /** Holds the agent's attach while it reads a class file of this loader, until let-attach-read. */
    private static final class StallingLoader extends URLClassLoader {
        StallingLoader(String name, URL plugins) {
            super(name, new URL[] {plugins}, PluginHost.class.getClassLoader());
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            if (name.endsWith(".class")) {
                ATTACH_READING.countDown();
                try {
                    LET_ATTACH_READ.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.getResourceAsStream(name);
        }
    }

    /** The host's side of a Worker.callHost: recurses, then waits to be told what to do inside the call. */
    private static final class HostCallback implements Supplier<String> {
        final int depth;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch reentered = new CountDownLatch(1);
        volatile Callable<String> next = () -> "returned";

        HostCallback(int depth) {
            this.depth = depth;
        }

        @Override
        public String get() {
            return descend(depth);
        }

        private String descend(int left) {
            if (left > 0) {
                return descend(left - 1);
            }
            entered.countDown();
            try {
                proceed.await();
                return next.call();
            } catch (Exception e) {
                return "callback threw " + e;
            }
        }

        void proceedWith(Callable<String> action) {
            next = action;
            proceed.countDown();
        }
    }

    private static String holdHost(String key, String threadName, int depth) throws Exception {
        Object worker = WORKERS.get(key);
        HostCallback callback = new HostCallback(depth);
        Method callHost = worker.getClass().getMethod("callHost", Supplier.class);
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(String.valueOf(callHost.invoke(worker, callback)));
            } catch (InvocationTargetException e) {
                result.complete("threw " + e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                result.complete("threw " + e);
            } finally {
                callback.entered.countDown();
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        callback.entered.await();
        if (result.isDone()) {
            return "hold-host " + result.join();
        }
        CALLBACKS.put(threadName, callback);
        HELD.put(threadName, new Held(thread, callback.release, result));
        return "holding " + threadName;
    }

    private static String reenter(String threadName, String key) throws InterruptedException {
        HostCallback callback = CALLBACKS.get(threadName);
        Object inner = WORKERS.get(key);
        callback.proceedWith(() -> String.valueOf(inner.getClass()
                .getMethod("hold", CountDownLatch.class, CountDownLatch.class)
                .invoke(inner, callback.reentered, callback.release)));
        callback.reentered.await();
        return "reentered " + threadName;
    }

    private static String unloadInside(String threadName, String module) throws InterruptedException {
        CALLBACKS.remove(threadName).proceedWith(() -> unload(module, 1000));
        Held held = HELD.remove(threadName);
        held.thread().join();
        return "unload-inside " + threadName + ": " + held.result().join();
    }

    /** Quiesce.unload by reflection: the API is on the boot class path once the agent is installed. */
    private static String unload(String module, long millis) throws ReflectiveOperationException {
        try {
            Object report = Class.forName("dev.quiesce.Quiesce").getMethod("unload", String.class, Duration.class)
                    .invoke(null, module, Duration.ofMillis(millis));
            return "unloaded: " + report.getClass().getMethod("summary").invoke(report);
        } catch (InvocationTargetException e) {
            return "unload refused: " + e.getCause().getMessage();
        }
    }

    /** Whatever the plugin's start() leaves behind is all that holds its loader afterwards. */
    private static String start(URL plugins, String name, String className) throws Exception {
        URLClassLoader loader = new URLClassLoader(name, new URL[] {plugins}, PluginHost.class.getClassLoader());
        Object plugin = loader.loadClass(className).getConstructor().newInstance();
        plugin.getClass().getMethod("start").invoke(plugin);
        return "started " + name;
    }

    private static String call(String name) throws Exception {
        Object worker = WORKERS.get(name);
        try {
            return "called " + name + ": " + worker.getClass().getMethod("work", AtomicInteger.class)
                    .invoke(worker, new AtomicInteger());
        } catch (InvocationTargetException e) {
            return "refused " + name + ": " + e.getCause().getMessage();
        }
    }

    /** A call held on a thread of its own: what lets it return, and what it returned or threw. */
    private record Held(Thread thread, CountDownLatch release, CompletableFuture<String> result) {
    }

    /** The held thread lets go of the worker once the call returns, so the loader can be collected. */
    private static String hold(String name, String threadName) throws Exception {
        AtomicReference<Object> worker = new AtomicReference<>(WORKERS.get(name));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                Object target = worker.getAndSet(null);
                result.complete(String.valueOf(target.getClass()
                        .getMethod("hold", CountDownLatch.class, CountDownLatch.class).invoke(target, entered, release)));
            } catch (InvocationTargetException e) {
                result.complete("threw " + e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                result.complete("threw " + e);
            } finally {
                entered.countDown();
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        entered.await();
        if (result.isDone()) {
            return "hold " + result.join();
        }
        HELD.put(threadName, new Held(thread, release, result));
        return "holding " + threadName;
    }

    /** Answers once the held thread has ended, so that nothing on its stack still holds the module. */
    private static String release(String threadName) throws InterruptedException {
        Held held = HELD.remove(threadName);
        HostCallback callback = CALLBACKS.remove(threadName);
        if (callback != null) {
            callback.proceed.countDown();
        }
        held.release().countDown();
        held.thread().join();
        return "released " + threadName + ": " + held.result().join();
    }

    private static String jmx() throws Exception {
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, ManagementFactory.getPlatformMBeanServer());
        server.start();
        return server.getAddress().toString();
    }
}
