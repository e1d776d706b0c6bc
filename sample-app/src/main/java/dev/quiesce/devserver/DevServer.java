package dev.quiesce.devserver;

import com.sun.net.httpserver.HttpServer;
import dev.quiesce.Quiesce;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dev server: an HTTP server on 127.0.0.1 in front of the plugins of one directory, which it watches and
 * redeploys. {@link #stop()} is the graceful shutdown: refuse new requests, drain and unload every generation,
 * let the last responses go out, then close.
 */
final class DevServer {
    private static final int WORKERS = 32;
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final Options options;
    private final Path copies;
    private final Routes routes = new Routes();
    private final Unloads unloads;
    private final FrontDoor front;
    private final HttpServer http;
    private final ExecutorService workers;
    private final ScheduledExecutorService watcher;

    private DevServer(Options options, HttpServer http) throws IOException {
        this.options = options;
        this.http = http;
        copies = Files.createTempDirectory("quiesce-dev-server-");
        unloads = new Unloads(options.drainTimeout());
        Quiesce.addListener(routes);
        Redeployer redeployer = new Redeployer(options.plugins(), new GenerationLoader(copies), routes, unloads);
        PluginRequests requests = new PluginRequests(routes, options.drainTimeout());
        front = new FrontDoor(routes, requests, new Status(options, routes, requests, redeployer, unloads));
        watcher = Executors.newSingleThreadScheduledExecutor(named("watcher"));
        OperatorUnloads operatorUnloads = new OperatorUnloads(routes, redeployer, unloads, watcher);
        Quiesce.addListener(operatorUnloads);
        JarPoller poller = new JarPoller(options.plugins(), redeployer);
        poller.initialScan();
        workers = Executors.newFixedThreadPool(WORKERS, named("http"));
        watcher.scheduleWithFixedDelay(poller::poll, options.poll().toMillis(), options.poll().toMillis(),
                TimeUnit.MILLISECONDS);
        http.createContext("/", front);
        http.setExecutor(workers);
    }

    /**
     * Binds 127.0.0.1:port, deploys the directory's jars, starts serving and watching.
     *
     * @throws java.net.BindException if the port is taken
     */
    static DevServer start(Options options) throws IOException {
        // Without it, small responses wait for the client's delayed ACK: about 40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 64);
        DevServer server = new DevServer(options, http);
        http.start();
        Log.say("server", "listening on http://127.0.0.1:" + http.getAddress().getPort() + "/ ; plugins from "
                + options.plugins().toAbsolutePath() + " ; status at /quiesce");
        return server;
    }

    /** The graceful shutdown. */
    void stop() {
        try {
            front.stopping();
            watcher.shutdownNow();
            watcher.awaitTermination(GRACE.toSeconds(), TimeUnit.SECONDS);
            routes.removeAll();
            Log.say("shutdown", "new requests get 503; draining " + routes.held().size() + " generation(s)");
            unloads.stop(options.drainTimeout().plus(GRACE));
            unloads.unloadAll(routes.held().stream().map(Generation::module).toList());
            awaitResponses();
            http.stop(0);
            workers.shutdown();
            if (routes.held().isEmpty()) {
                Files.deleteIfExists(copies);
                Log.say("shutdown", "stopped: every generation drained and unloaded");
            } else {
                Log.say("shutdown", "stopped; still holding requests after the drain timeout: "
                        + routes.held().stream().map(Generation::module).toList());
            }
        } catch (IOException | InterruptedException e) {
            Log.say("shutdown", "stopped early: " + e);
        }
    }

    private void awaitResponses() throws InterruptedException {
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (front.inProgress() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> new Thread(runnable, prefix + "-" + count.incrementAndGet());
    }
}
