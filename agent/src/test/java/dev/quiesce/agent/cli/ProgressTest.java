package dev.quiesce.agent.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiesce.Blocker;
import dev.quiesce.agent.control.BlockerInfo;
import dev.quiesce.agent.control.ModuleControlMXBean;
import dev.quiesce.agent.control.ModuleStatus;
import dev.quiesce.agent.control.UnloadResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/**
 * The unload command's progress reads the threads holding a drain back as open data ({@code blockersInside}), never
 * by parsing the text of {@code callsInside}: against a control bean whose text form fails, it prints each holder's
 * headline, and again only when the threads change, not their states.
 */
class ProgressTest {
    private static final String MODULE = "m";

    @Test
    void holdersAreReadStructuredAndPrintedAgainOnlyWhenTheThreadsChange() throws Exception {
        FakeControl control = new FakeControl();
        MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
        mbeans.registerMBean(new StandardMBean(control, ModuleControlMXBean.class, true),
                new ObjectName(ModuleControlMXBean.OBJECT_NAME));
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, mbeans);
        server.start();
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            String url = server.getAddress().toString();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Cli.run(
                    new String[] {"unload", url, MODULE, "--timeout", "5s"},
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(20)).until(() -> err.toString(StandardCharsets.UTF_8)
                    .contains("held by \"other\""));
            control.unloadMayReturn.countDown();
            assertEquals(ExitCode.TIMED_OUT.code, exit.get(20, TimeUnit.SECONDS));
            assertEquals(List.of(
                    "unloading 'm' in " + url + ", waiting up to 5s for calls in flight",
                    "draining: 1 call(s) in flight",
                    "held by \"worker\" (id 7, RUNNABLE) is inside module 'm'",
                    "held by \"worker\" (id 7, WAITING) is inside module 'm'",
                    "held by \"other\" (id 8, BLOCKED) is inside module 'm'"),
                    err.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            server.stop();
        }
    }

    /**
     * A module that drains until the test lets its unload return: one thread inside, whose state changes at the
     * second look, then a second thread.
     */
    public static final class FakeControl implements ModuleControlMXBean {
        final CountDownLatch unloadMayReturn = new CountDownLatch(1);
        private final AtomicInteger looks = new AtomicInteger();

        @Override
        public ModuleStatus[] getModules() {
            return new ModuleStatus[] {new ModuleStatus(MODULE, MODULE, "DRAINING", 1, 1, 0, 0, "'m'", List.of())};
        }

        @Override
        public UnloadResult unload(String module, long timeoutMillis) {
            try {
                unloadMayReturn.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new UnloadResult(module, "TIMED_OUT", 1, timeoutMillis, 0, 0, new BlockerInfo[0], new String[0],
                    new String[0], new String[0], "module 'm' not unloaded");
        }

        @Override
        public String[] callsInside(String module) {
            throw new IllegalStateException("the text form is not for the CLI");
        }

        @Override
        public BlockerInfo[] blockersInside(String module) {
            int look = looks.incrementAndGet();
            BlockerInfo worker = blocker("worker", 7, look == 1 ? "RUNNABLE" : "WAITING");
            return look < 4 ? new BlockerInfo[] {worker}
                    : new BlockerInfo[] {worker, blocker("other", 8, "BLOCKED")};
        }

        private static BlockerInfo blocker(String thread, long id, String state) {
            return new BlockerInfo(new Blocker(thread, id, state, "is inside module 'm'", List.of("X.y(X.java:1)"),
                    0));
        }
    }
}
