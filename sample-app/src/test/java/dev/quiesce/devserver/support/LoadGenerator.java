package dev.quiesce.devserver.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Clients that each send one request after another to the server until stopped, or for at most a bounded time. Every
 * answer is kept, in order per client; a request that failed at the HTTP level is kept as status -1.
 */
public final class LoadGenerator implements AutoCloseable {
    private final List<List<ServerProcess.Answer>> answers = new ArrayList<>();
    private final List<Thread> clients = new ArrayList<>();
    private final long deadline;
    private volatile boolean running = true;

    public LoadGenerator(ServerProcess server, String path, int clientCount, Duration atMost) {
        deadline = System.nanoTime() + atMost.toNanos();
        for (int i = 0; i < clientCount; i++) {
            List<ServerProcess.Answer> mine = new CopyOnWriteArrayList<>();
            answers.add(mine);
            Thread client = new Thread(() -> {
                while (running && System.nanoTime() < deadline) {
                    mine.add(send(server, path));
                }
            }, "load-client-" + i);
            client.setDaemon(true);
            clients.add(client);
        }
        clients.forEach(Thread::start);
    }

    /** The answers so far, per client, in the order each client got them. */
    public List<List<ServerProcess.Answer>> answers() {
        return answers;
    }

    /** All answers so far. */
    public List<ServerProcess.Answer> all() {
        return answers.stream().flatMap(List::stream).toList();
    }

    /** Stops the clients and waits for their last requests. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(40).toMillis());
        }
    }

    private static ServerProcess.Answer send(ServerProcess server, String path) {
        try {
            return server.get(path);
        } catch (Exception e) {
            return new ServerProcess.Answer(-1, "", e.toString());
        }
    }
}
