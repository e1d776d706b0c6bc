package dev.quiesce.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Outcome;
import dev.quiesce.UnloadReport;
import dev.quiesce.tomcat.support.EmbeddedTomcat;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;

/**
 * 4 HTTP clients call /shop/gen without pause while the test reloads the context 20 times (bounded: the clients
 * stop when the reloads are done, or after 60 s). Every request is answered 200 by one whole generation (the
 * servlet and the class it resolves during the request come from the same loader), and each of the 20 old
 * generations is reported collected.
 */
class ReloadUnderLoadTest {
    private static final int CLIENTS = 4;
    private static final int RELOADS = 20;
    private static final Pattern ANSWER = Pattern.compile("servlet=(\\w+) stamp=(\\w+)");

    @Test
    void noRequestFailsAndEveryOldGenerationIsCollected() throws Exception {
        QuiesceContextListener listener = new QuiesceContextListener();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat()) {
            Context shop = tomcat.deploy("shop", "/loaded", null, c -> c.addLifecycleListener(listener));
            tomcat.start();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger answered = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            Set<String> generations = ConcurrentHashMap.newKeySet();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new CopyOnWriteArrayList<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; i < CLIENTS; i++) {
                running.add(clients.submit(() -> {
                    while (!stop.get() && System.nanoTime() < until) {
                        call(tomcat, answered, failures, generations);
                    }
                }));
            }
            for (int i = 0; i < RELOADS; i++) {
                int before = answered.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() > before + CLIENTS);
                shop.reload();
            }
            stop.set(true);
            for (Future<?> client : running) {
                client.get(30, TimeUnit.SECONDS);
            }
            clients.shutdown();

            assertEquals(List.of(), failures, "every request is answered 200 by one whole generation");
            assertTrue(generations.size() >= RELOADS, "answers came from " + generations.size() + " generations");
            await().atMost(Duration.ofSeconds(60)).until(() -> checks(listener).size() == RELOADS);
            List<UnloadReport> checks = checks(listener);
            assertEquals(List.of(), checks.stream().filter(r -> r.outcome() != Outcome.COLLECTED)
                    .map(UnloadReport::summary).toList());
            System.out.printf("%n%d requests answered by %d generations during %d reloads, 0 failed; %d old loaders"
                    + " collected%n%n", answered.get(), generations.size(), RELOADS, checks.size());
        }
    }

    private static void call(EmbeddedTomcat tomcat, AtomicInteger answered, List<String> failures,
                             Set<String> generations) {
        try {
            HttpResponse<String> answer = tomcat.getNow("/loaded/gen");
            Matcher m = ANSWER.matcher(answer.body());
            if (answer.statusCode() != 200 || !m.matches() || !m.group(1).equals(m.group(2))) {
                failures.add(answer.statusCode() + " " + answer.body());
            } else {
                generations.add(m.group(1));
                answered.incrementAndGet();
            }
        } catch (RuntimeException e) {
            failures.add(e.toString());
        }
    }

    private static List<UnloadReport> checks(QuiesceContextListener listener) {
        return listener.reports().stream().filter(r -> r.outcome() != Outcome.TORN_DOWN).toList();
    }
}
