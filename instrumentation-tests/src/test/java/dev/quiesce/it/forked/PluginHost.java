package dev.quiesce.it.forked;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.ref.SoftReference;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * </pre>
 */
public final class PluginHost {
    private static final String WORKER = "dev.quiesce.testplugins.Worker";
    private static final Map<String, Object> WORKERS = new ConcurrentHashMap<>();
    private static final Map<String, Held> HELD = new ConcurrentHashMap<>();
    private static final Map<String, SoftReference<Object>> SOFTLY_HELD = new ConcurrentHashMap<>();

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
                default -> "unknown command " + line;
            });
        }
    }

    private static String load(URL plugins, String name) throws Exception {
        URLClassLoader loader = new URLClassLoader(name, new URL[] {plugins}, PluginHost.class.getClassLoader());
        WORKERS.put(name, loader.loadClass(WORKER).getConstructor().newInstance());
        return "loaded " + name;
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
