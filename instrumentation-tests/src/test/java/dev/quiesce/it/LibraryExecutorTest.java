package dev.quiesce.it;

import static dev.quiesce.it.FanOutTest.FAN_OUT;
import static dev.quiesce.it.FanOutTest.assertCarried;
import static dev.quiesce.it.FanOutTest.assertCarriedWhileWaiting;
import static dev.quiesce.it.FanOutTest.assertEndsWithoutRunning;
import static dev.quiesce.it.FanOutTest.awaitQuietly;
import static dev.quiesce.it.FanOutTest.prestarted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.util.concurrent.MoreExecutors;
import dev.quiesce.it.support.HostLoader;
import dev.quiesce.it.support.Plugins;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Work a module call hands, after its module started draining, to an executor typed as a host's or a library's
 * class or interface ({@code dev.quiesce.testplugins.host}, defined by a {@link HostLoader} above the module's
 * loader; Guava's {@code ListeningExecutorService}) is carried as on the JDK's executor types (see
 * {@link FanOutTest}): the call completes, the task is admitted, and the drain waits for it. A class that only has
 * an {@code execute(Runnable)} is called as it was.
 */
class LibraryExecutorTest {
    private final HostLoader host = new HostLoader();

    @Test
    void aHostPoolThatExtendsThreadPoolExecutor() throws Exception {
        assertCarried("hostPoolExecute", hostPool(2), host);
        assertCarried("hostPoolSubmit", hostPool(2), host);
    }

    @Test
    void aHostSchedulerThatExtendsScheduledThreadPoolExecutor() throws Exception {
        assertCarried("hostSchedule", prestarted((ExecutorService) host.newInstance("HostScheduler",
                new Class<?>[] {int.class}, 1)), host);
    }

    @Test
    void aHostWrapperThatImplementsExecutorService() throws Exception {
        assertCarried("hostWrapperSubmit", hostWrapper(), host);
    }

    @Test
    void invokeAllOnAHostWrapper() throws Exception {
        assertCarriedWhileWaiting("hostWrapperInvokeAll", hostWrapper(), host);
    }

    @Test
    void aHostInterfaceThatExtendsExecutor() throws Exception {
        ExecutorService pool = prestarted(Executors.newFixedThreadPool(2));
        Object executor = host.loadClass("dev.quiesce.testplugins.host.HostExecutor").getMethod("over", Executor.class)
                .invoke(null, pool);
        assertCarried("hostExecutorExecute", executor, host);
        pool.shutdown();
    }

    /** References that name the host's types, which declare the methods: decided when linked, and carried. */
    @Test
    void methodReferencesToAHostPoolsSubmitAndAHostExecutorsExecute() throws Exception {
        assertCarried("hostPoolSubmitReference", hostPool(2), host);
        ExecutorService pool = prestarted(Executors.newFixedThreadPool(2));
        Object executor = host.loadClass("dev.quiesce.testplugins.host.HostExecutor").getMethod("over", Executor.class)
                .invoke(null, pool);
        assertCarried("hostExecutorExecuteReference", executor, host);
        pool.shutdown();
    }

    /** A reference to Guava's {@code submit}, which returns a ListenableFuture: the module gets Guava's future. */
    @Test
    void aMethodReferenceToGuavasSubmit() throws Exception {
        ExecutorService pool = prestarted(Executors.newFixedThreadPool(2));
        assertCarried("listeningSubmitReference", MoreExecutors.listeningDecorator(pool), host);
        pool.shutdown();
    }

    /** Guava's {@code listeningDecorator}: its own {@code submit} runs, and the module gets its ListenableFuture. */
    @Test
    void guavasListeningExecutorService() throws Exception {
        ExecutorService pool = prestarted(Executors.newFixedThreadPool(2));
        assertCarried("listeningSubmit", MoreExecutors.listeningDecorator(pool), host);
        pool.shutdown();
    }

    /** A task Guava's own submit rejects (its pool is shut down) lets its carry go. */
    @Test
    void aSubmissionGuavasExecutorRejectsDoesNotHoldTheDrain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        pool.shutdown();
        assertEndsWithoutRunning("listeningSubmitRejected", MoreExecutors.listeningDecorator(pool), host, "rejected",
                null, () -> { });
    }

    /** The host pool's submit is the carried one, whose future lets its carry go when cancelled. */
    @Test
    void aCancelledSubmissionToAHostPoolDoesNotHoldTheDrain() throws Exception {
        ExecutorService pool = hostPool(1);
        CountDownLatch blocker = new CountDownLatch(1);
        pool.execute(() -> awaitQuietly(blocker)); // the pool's one thread is busy: the module's task stays queued
        assertEndsWithoutRunning("hostPoolSubmitThenCancel", pool, host, "cancelled", blocker, () -> { });
        pool.shutdown();
    }

    /** An {@code execute(Runnable)} of a class that is no executor gets the task as it was, and runs it. */
    @Test
    void anExecuteOfAClassThatIsNoExecutorIsCalledAsItWas() throws Exception {
        List<String> results = new CopyOnWriteArrayList<>();
        Class<?> fanOut = Plugins.newLoader("fanout-not-an-executor", host).loadClass(FAN_OUT);
        assertEquals("called as it was", Plugins.call(fanOut, "fanOut", "notAnExecutor",
                host.newInstance("NotAnExecutor", new Class<?>[0]), null, null, null, null,
                (Consumer<String>) results::add));
        assertEquals(List.of("notAnExecutor task"), results, "it ran the task");
    }

    private ExecutorService hostPool(int threads) {
        return prestarted((ExecutorService) host.newInstance("HostPool", new Class<?>[] {int.class}, threads));
    }

    private ExecutorService hostWrapper() {
        return (ExecutorService) host.newInstance("HostWrapper", new Class<?>[] {ExecutorService.class},
                prestarted(Executors.newFixedThreadPool(2)));
    }
}
