package dev.quiesce.agent.instrument;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.instrument.fixtures.ForkJoinCalls;
import dev.quiesce.agent.instrument.fixtures.HostExecutors.HostExecutor;
import dev.quiesce.agent.instrument.fixtures.HostExecutors.HostForkJoinPool;
import dev.quiesce.agent.instrument.fixtures.HostExecutors.HostPool;
import dev.quiesce.agent.instrument.fixtures.HostExecutors.ListeningPool;
import dev.quiesce.agent.instrument.fixtures.HostExecutors.NotAnExecutor;
import dev.quiesce.agent.instrument.fixtures.LibrarySubmissions;
import dev.quiesce.agent.instrument.fixtures.References;
import dev.quiesce.agent.instrument.fixtures.Starts;
import dev.quiesce.agent.instrument.fixtures.Submissions;
import dev.quiesce.agent.runtime.Gate;
import dev.quiesce.agent.runtime.GateCounts;
import dev.quiesce.agent.runtime.Gates;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * The call sites {@link CallSiteRewriter} carries become calls of {@code CarriedCalls}, the others stay as they
 * were; the class passes ASM's verifier and the JVM's, and a carried submission runs counted on the worker.
 */
class CallSiteRewriterTest {
    private static final String CARRIED = "dev/quiesce/agent/runtime/CarriedCalls";
    private static final Pattern SUBMISSIONS = Pattern.compile(
            "execute|submit|schedule|scheduleAtFixedRate|shutdownNow|invokeAll|invokeAny|carrying|carryingDefault"
                    + "|\\w+Async");

    @Test
    void eachSubmissionBecomesACarriedCallAndPeriodicOnesStay() throws IOException {
        byte[] rewritten = rewrite(ConstantPoolScanTest.classFile(Submissions.class), 7);
        Map<String, List<String>> calls = executorCalls(rewritten);
        assertEquals(List.of("CarriedCalls.execute"), calls.get("execute"));
        assertEquals(List.of("CarriedCalls.submit"), calls.get("submitAndGet"));
        assertEquals(List.of("CarriedCalls.submit"), calls.get("submitRunnable"));
        assertEquals(List.of("CarriedCalls.schedule"), calls.get("schedule"));
        assertEquals(List.of("ScheduledExecutorService.scheduleAtFixedRate"), calls.get("periodic"),
                "a periodic task is new work at each run: not carried");
        assertEquals(List.of("CarriedCalls.carryingDefault", "CompletableFuture.supplyAsync",
                "CarriedCalls.carryingDefault", "CompletableFuture.thenApplyAsync"), calls.get("supplyThenApply"),
                "the async methods without an executor get the default one, carrying");
        assertEquals(List.of("CarriedCalls.carrying", "CompletableFuture.runAsync"), calls.get("runOn"));
        assertEquals(List.of("CarriedCalls.shutdownNow"), calls.get("stop"));
        assertEquals(List.of("CarriedCalls.invokeAll"), calls.get("invokeAll"));
        assertEquals(List.of("CarriedCalls.invokeAny"), calls.get("invokeAnyTimed"));
        assertEquals(List.of("CarriedCalls.submit"), calls.get("forkJoinSubmit"));
        assertEquals(List.of("CarriedCalls.carryingDefault", "CompletionStage.thenApplyAsync"), calls.get("stage"),
                "through the interface too");
        assertEquals("", verify(rewritten), "ASM's verifier");
    }

    /**
     * {@code Thread.start()} on a receiver typed {@code Thread} becomes the carried start; on any other receiver type
     * an {@code invokedynamic} that decides when linked; a reference to {@code Thread::start} one of
     * {@code ReferenceSites.carried}, of the carried reference.
     */
    @Test
    void threadStartsBecomeCarriedCallsAndOtherStartsDynamicOnes() throws IOException {
        byte[] rewritten = rewrite(ConstantPoolScanTest.classFile(Starts.class), 7);
        Map<String, List<String>> starts = perMethod(rewritten, (owner, insn) -> {
            if (insn instanceof MethodInsnNode call && call.name.equals("start")) {
                return call.owner.substring(call.owner.lastIndexOf('/') + 1) + "." + call.name;
            } else if (insn instanceof InvokeDynamicInsnNode dynamic) {
                Handle impl = dynamic.bsmArgs.length >= 3 && dynamic.bsmArgs[1] instanceof Handle h ? h : null;
                return impl != null ? "reference " + simple(impl.getOwner()) + "." + impl.getName() + " by "
                        + simple(dynamic.bsm.getOwner()) + "." + dynamic.bsm.getName()
                        : "dynamic " + simple(dynamic.bsm.getOwner()) + "." + dynamic.bsm.getName() + " "
                        + dynamic.desc + " " + List.of(dynamic.bsmArgs);
            }
            return null;
        });
        assertEquals(List.of("CarriedCalls.start"), starts.get("threadStart"));
        assertEquals(List.of("dynamic ThreadStartSites.start (Ldev/quiesce/agent/instrument/fixtures/Starts$1;)V [7]"),
                starts.get("subclassStart"));
        assertEquals(List.of("reference CarriedReferences.start by ReferenceSites.carried"),
                starts.get("startReference"));
        assertEquals(List.of("dynamic ThreadStartSites.start (Ldev/quiesce/agent/instrument/fixtures/Starts$Engine;)V"
                + " [7]"), starts.get("otherStart"));
        assertEquals("", verify(rewritten), "ASM's verifier");
    }

    /**
     * A carried executor method called on a receiver typed as a host's or library's class or interface becomes an
     * {@code invokedynamic} of {@code ExecutorSites}, of the call's own type (receiver first), the slot its argument.
     */
    @Test
    void executorCallsOnOtherTypesBecomeDynamicOnes() throws IOException {
        byte[] rewritten = rewrite(ConstantPoolScanTest.classFile(LibrarySubmissions.class), 7);
        Map<String, List<String>> sites = perMethod(rewritten, (owner, insn) -> {
            if (insn instanceof InvokeDynamicInsnNode dynamic && dynamic.bsm.getOwner().endsWith("/ExecutorSites")) {
                return dynamic.name + " " + dynamic.desc.replace("dev/quiesce/agent/instrument/fixtures/", "")
                        + " " + dynamic.bsm.getOwner().substring(dynamic.bsm.getOwner().lastIndexOf('/') + 1)
                        + "." + dynamic.bsm.getName() + " " + List.of(dynamic.bsmArgs);
            } else if (insn instanceof MethodInsnNode call && (call.name.equals("execute")
                    || call.name.equals("submit"))) {
                return "call " + call.owner.substring(call.owner.lastIndexOf('/') + 1) + "." + call.name;
            }
            return null;
        });
        assertEquals(List.of("submit (LHostExecutors$HostPool;Ljava/util/concurrent/Callable;)Ljava/util/concurrent/"
                + "Future; ExecutorSites.link [7]"), sites.get("hostPoolSubmit"));
        assertEquals(List.of("submit (LHostExecutors$HostForkJoinPool;Ljava/util/concurrent/Callable;)Ljava/util/"
                + "concurrent/ForkJoinTask; ExecutorSites.link [7]"), sites.get("hostForkJoinSubmit"));
        assertEquals(List.of("execute (LHostExecutors$HostExecutor;Ljava/lang/Runnable;)V ExecutorSites.link [7]"),
                sites.get("hostExecutorExecute"));
        assertEquals(List.of("submit (LHostExecutors$ListeningPool;Ljava/util/concurrent/Callable;)LHostExecutors$"
                + "ListeningFuture; ExecutorSites.link [7]"), sites.get("listeningSubmit"), "the narrower return kept");
        assertEquals(List.of("execute (LHostExecutors$NotAnExecutor;Ljava/lang/Runnable;)V ExecutorSites.link [7]"),
                sites.get("notAnExecutor"), "decided when linked");
        assertEquals("", verify(rewritten), "ASM's verifier");
    }

    /**
     * Calls that may wait on fork/join work or hand a task over become {@code ForkJoinSites} sites (the original
     * call their bootstrap's constant); calls of the same names that can do neither, and the stream's intermediate
     * operations, stay.
     */
    @Test
    void forkJoinWaitsBecomeDynamicOnes() throws IOException {
        byte[] rewritten = rewrite(ConstantPoolScanTest.classFile(ForkJoinCalls.class), 7);
        Map<String, List<String>> waits = perMethod(rewritten, (owner, insn) -> {
            if (insn instanceof InvokeDynamicInsnNode dynamic
                    && dynamic.bsm.getOwner().endsWith("/ForkJoinSites")) {
                Handle original = (Handle) dynamic.bsmArgs[0];
                return original.getOwner().substring(original.getOwner().lastIndexOf('/') + 1) + "."
                        + original.getName() + " " + dynamic.bsmArgs[1];
            }
            return null;
        });
        assertEquals(List.of("IntStream.sum 7", "IntStream.sum 7"), waits.get("streams"),
                "the terminal operations, not parallel(), map(), stream() or iterator()");
        assertEquals(List.of("ForkJoinCalls$Half.fork 7", "ForkJoinCalls$Half.join 7", "ForkJoinPool.invoke 7",
                "ForkJoinCalls$Half.invokeAll 7", "Arrays.parallelSort 7", "ForkJoinCalls$Box.join 7"),
                waits.get("tasks"), "a fork, waits, and a join() of a class outside the JDK, decided when linked;"
                + " not Arrays.sort");
        assertEquals("", verify(rewritten), "ASM's verifier");
    }

    /**
     * Linked: a host pool's {@code submit} to the carried one (its future the agent's), a {@code ForkJoinPool}
     * subclass's to the carried {@code ForkJoinPool} one, a narrower {@code submit} to the pool's own, its task
     * wrapped and its future what the pool returned; the tasks run counted on the workers. A class that is no
     * executor gets its own {@code execute}, with the task as it was.
     */
    @Test
    void executorCallsOnOtherTypesLinkToTheCarriedCallOrTheOriginal() throws Exception {
        Gate gate = new Gate("library submissions");
        int slot = Gates.register(gate);
        HostPool pool = new HostPool();
        ListeningPool listening = new ListeningPool();
        HostForkJoinPool forkJoin = new HostForkJoinPool();
        try {
            Class<?> submissions = new RewritingLoader(slot, LibrarySubmissions.class.getName())
                    .loadClass(LibrarySubmissions.class.getName());
            assertEquals("done by CarriedFuture", submissions.getMethod("hostPoolSubmit", HostPool.class)
                    .invoke(null, pool));
            assertEquals("done by CarriedForkJoinTask", submissions.getMethod("hostForkJoinSubmit",
                    HostForkJoinPool.class).invoke(null, forkJoin));
            assertEquals("done by ListeningTask", submissions.getMethod("listeningSubmit", ListeningPool.class)
                    .invoke(null, listening), "the pool's own submit, cast back to its return type");
            Runnable task = () -> { };
            assertEquals(true, submissions.getMethod("notAnExecutor", NotAnExecutor.class, Runnable.class)
                    .invoke(null, new NotAnExecutor(), task), "the task reached the method unwrapped");
            pool.shutdown();
            listening.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            assertTrue(listening.awaitTermination(10, TimeUnit.SECONDS));
            forkJoin.shutdown();
            assertTrue(forkJoin.awaitTermination(10, TimeUnit.SECONDS));
            GateCounts counts = gate.counts();
            assertEquals(7, counts.entrances(), "four module calls and the three tasks' starts on the workers");
            assertEquals(7, counts.exits(), "every entrance left");
            assertEquals(0, counts.carried(), "no carry left");
        } finally {
            pool.shutdownNow();
            listening.shutdownNow();
            forkJoin.shutdownNow();
            Gates.release(slot);
        }
    }

    @Test
    void methodReferencesToCarriedMethodsBecomeReferencesToCarriedReferences() throws IOException {
        Map<String, List<String>> references = references(rewrite(ConstantPoolScanTest.classFile(Submissions.class),
                7));
        assertEquals(List.of("CarriedReferences.submit"), references.get("submitReference"));
        assertEquals(List.of("CarriedReferences.submit"), references.get("unboundSubmitReference"));
        assertEquals(List.of("CarriedReferences.submit"), references.get("forkJoinSubmitReference"));
        assertEquals(List.of("CarriedReferences.supplyAsync"), references.get("supplyAsyncReference"));
        assertEquals(List.of("CarriedCalls.shutdownNow"), references.get("stopReference"), "it takes no slot");
        assertEquals(List.of("Executor.execute"), references.get("serializableReference"),
                "a serializable reference is left alone");
    }

    @Test
    void carriedReferencesLinkAndTheirTasksRunCounted() throws Exception {
        Gate gate = new Gate("references");
        int slot = Gates.register(gate);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        ForkJoinPool forkJoin = new ForkJoinPool(1);
        try {
            Class<?> submissions = new RewritingLoader(slot).loadClass(Submissions.class.getName());
            assertEquals("done by CarriedFuture", submissions.getMethod("submitReference", ExecutorService.class)
                    .invoke(null, pool), "the metafactory takes the static with its captured slot and receiver");
            assertEquals("done by CarriedFuture", submissions.getMethod("unboundSubmitReference",
                    ThreadPoolExecutor.class).invoke(null, pool), "and with its captured slot alone");
            assertEquals("done by CarriedForkJoinTask", submissions.getMethod("forkJoinSubmitReference",
                    ForkJoinPool.class).invoke(null, forkJoin));
            assertEquals("done by CarriedForkJoinTask", submissions.getMethod("forkJoinSubmit", ForkJoinPool.class)
                    .invoke(null, forkJoin));
            assertEquals("done by CarriedFuture", submissions.getMethod("invokeAll", ExecutorService.class)
                    .invoke(null, pool));
            assertEquals("done", submissions.getMethod("invokeAnyTimed", ExecutorService.class).invoke(null, pool));
            assertEquals("done", submissions.getMethod("supplyAsyncReference").invoke(null));
            assertEquals(List.of(), submissions.getMethod("stopReference", ExecutorService.class).invoke(null, pool));
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            forkJoin.shutdown();
            assertTrue(forkJoin.awaitTermination(10, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(10)).until(() -> gate.counts().entrances() == gate.counts().exits());
            assertEquals(0, gate.counts().carried(), "no carry left");
        } finally {
            pool.shutdown();
            forkJoin.shutdown();
            Gates.release(slot);
        }
    }

    /**
     * A reference whose receiver type decides (a thread subclass's {@code start}, a host type's executor method, a
     * class that is no executor) becomes an {@code invokedynamic} of {@code ReferenceSites} with the metafactory's
     * arguments and the slot; one to an instance async method of {@code CompletionStage} or
     * {@code CompletableFuture}, bound or not, an {@code invokedynamic} of {@code ReferenceSites.carried} with
     * {@code CarriedStageReferences}' static as the implementation; a serializable one stays.
     */
    @Test
    void referencesTheReceiverDecidesBecomeDynamicOnesAndStageReferencesCarriedOnes() throws IOException {
        byte[] rewritten = rewrite(ConstantPoolScanTest.classFile(References.class), 7);
        Map<String, List<String>> sites = perMethod(rewritten, (owner, insn) -> {
            if (insn instanceof InvokeDynamicInsnNode indy && indy.bsmArgs.length > 1
                    && indy.bsmArgs[1] instanceof Handle impl) {
                return simple(indy.bsm.getOwner()) + "." + indy.bsm.getName() + " " + simple(impl.getOwner())
                        + "." + impl.getName() + (indy.bsmArgs.length == 4 ? " " + indy.bsmArgs[3] : "");
            }
            return null;
        });
        String worker = "ReferenceSites.metafactory References$Worker.start 7";
        assertEquals(List.of(worker), sites.get("workerStartReference"));
        assertEquals(List.of(worker), sites.get("unboundWorkerStartReference"));
        assertEquals(List.of("ReferenceSites.metafactory References$Engine.start 7"),
                sites.get("engineStartReference"), "decided when linked, as a call of it");
        assertEquals(List.of("ReferenceSites.metafactory HostExecutors$HostPool.submit 7"),
                sites.get("hostPoolSubmitReference"));
        assertEquals(List.of("ReferenceSites.metafactory HostExecutors$HostPool.submit 7"),
                sites.get("unboundHostPoolSubmitReference"));
        assertEquals(List.of("ReferenceSites.metafactory HostExecutors$ListeningPool.submit 7"),
                sites.get("listeningSubmitReference"));
        assertEquals(List.of("ReferenceSites.metafactory HostExecutors$HostExecutor.execute 7"),
                sites.get("hostExecutorExecuteReference"));
        assertEquals(List.of("ReferenceSites.metafactory HostExecutors$NotAnExecutor.execute 7"),
                sites.get("notAnExecutorReference"));
        assertEquals(List.of("ReferenceSites.carried CarriedStageReferences.thenApplyAsync 7"),
                sites.get("stageThenApplyAsyncReference"));
        assertEquals(List.of("ReferenceSites.carried CarriedStageReferences.thenRunAsync 7"),
                sites.get("unboundThenRunAsyncReference"));
        assertEquals(List.of("ReferenceSites.carried CarriedStageReferences.thenApplyAsync 7"),
                sites.get("futureThenApplyAsyncOnReference"));
        assertEquals(List.of("ReferenceSites.carried CarriedStageReferences.completeAsync 7"),
                sites.get("completeAsyncReference"));
        assertEquals(List.of("LambdaMetafactory.altMetafactory References$Worker.start"),
                sites.get("serializableWorkerStartReference"), "a serializable reference is left alone");
        assertEquals("", verify(rewritten), "ASM's verifier");
    }

    /** Every instance async method of both types, on the running JDK, has a carried reference that links. */
    @Test
    void everyInstanceAsyncMethodHasACarriedReference() throws ReflectiveOperationException {
        int methods = 0;
        for (Class<?> type : new Class<?>[] {CompletableFuture.class, CompletionStage.class}) {
            for (Method method : type.getMethods()) {
                if (!method.getName().endsWith("Async") || Modifier.isStatic(method.getModifiers())
                        || method.isBridge()) {
                    continue;
                }
                methods++;
                Handle impl = new Handle(type.isInterface() ? Opcodes.H_INVOKEINTERFACE : Opcodes.H_INVOKEVIRTUAL,
                        org.objectweb.asm.Type.getInternalName(type), method.getName(),
                        org.objectweb.asm.Type.getMethodDescriptor(method), type.isInterface());
                Handle carried = CallSiteRewriter.carriedReference(impl);
                assertTrue(carried != null, "no carried reference for " + method);
                MethodHandles.lookup().findStatic(Class.forName(carried.getOwner().replace('/', '.')),
                        carried.getName(), MethodType.fromMethodDescriptorString(carried.getDesc(), null));
            }
        }
        assertTrue(methods >= 58, methods + " async methods");
    }

    /**
     * A reference to a thread subclass's {@code start} starts the thread carried, bound or not, and one that
     * captures nothing is made once; a reference to another class's {@code start} is as it was.
     */
    @Test
    void workerStartReferencesLinkToTheCarriedStart() throws Exception {
        Gate gate = new Gate("worker references");
        int slot = Gates.register(gate);
        CountDownLatch release = new CountDownLatch(1);
        Runnable task = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            Class<?> references = new RewritingLoader(slot, References.class.getName())
                    .loadClass(References.class.getName());
            Thread bound = (Thread) references.getMethod("workerStartReference", Runnable.class).invoke(null, task);
            assertEquals(1, gate.counts().carried(), "the bound reference's thread is carried while it runs");
            Thread unbound = (Thread) references.getMethod("unboundWorkerStartReference", Runnable.class)
                    .invoke(null, task);
            assertEquals(2, gate.counts().carried(), "and the unbound one's");
            assertEquals(true, references.getMethod("unboundWorkerStartReferenceIsOne").invoke(null));
            assertEquals(true, references.getMethod("engineStartReference").invoke(null), "called as it was");
            release.countDown();
            bound.join(10_000);
            unbound.join(10_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> gate.counts().carried() == 0);
        } finally {
            release.countDown();
            Gates.release(slot);
        }
    }

    /**
     * A reference to a host type's executor method links to the carried static (a narrower {@code submit} to the
     * pool's own, its future what the pool returned), one to a stage's async method hands its work over carried;
     * each task's start counts on its worker. A class that is no executor gets the task as it was.
     */
    @Test
    void hostExecutorAndStageReferencesCarryTheirTasks() throws Exception {
        Gate gate = new Gate("executor references");
        int slot = Gates.register(gate);
        HostPool pool = new HostPool();
        ListeningPool listening = new ListeningPool();
        ExecutorService plain = Executors.newSingleThreadExecutor();
        HostExecutor executor = plain::execute;
        Callable<String> task = () -> "done";
        Runnable runnable = () -> { };
        CompletableFuture<String> done = CompletableFuture.completedFuture("a");
        try {
            Class<?> references = new RewritingLoader(slot, References.class.getName())
                    .loadClass(References.class.getName());
            assertEquals("CarriedFuture", references.getMethod("hostPoolSubmitReference", HostPool.class,
                    Callable.class).invoke(null, pool, task));
            assertEquals("CarriedFuture", references.getMethod("unboundHostPoolSubmitReference", HostPool.class,
                    Callable.class).invoke(null, pool, task));
            assertEquals("ListeningTask", references.getMethod("listeningSubmitReference", ListeningPool.class,
                    Callable.class).invoke(null, listening, task), "the pool's own submit, cast back");
            references.getMethod("hostExecutorExecuteReference", HostExecutor.class, Runnable.class)
                    .invoke(null, executor, runnable);
            assertEquals(true, references.getMethod("notAnExecutorReference", NotAnExecutor.class, Runnable.class)
                    .invoke(null, new NotAnExecutor(), runnable), "the task reached the method unwrapped");
            Function<String, String> append = a -> a + "b";
            assertEquals("ab", ((CompletionStage<?>) references.getMethod("stageThenApplyAsyncReference",
                    CompletionStage.class, Function.class).invoke(null, done, append)).toCompletableFuture().join());
            ((CompletableFuture<?>) references.getMethod("unboundThenRunAsyncReference", CompletableFuture.class,
                    Runnable.class).invoke(null, done, runnable)).join();
            assertEquals("ab", ((CompletableFuture<?>) references.getMethod("futureThenApplyAsyncOnReference",
                    CompletableFuture.class, Function.class, Executor.class).invoke(null, done, append, plain)).join());
            Supplier<String> supplier = () -> "c";
            assertEquals("c", ((CompletableFuture<?>) references.getMethod("completeAsyncReference", Supplier.class)
                    .invoke(null, supplier)).join());
            pool.shutdown();
            listening.shutdown();
            plain.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            assertTrue(listening.awaitTermination(10, TimeUnit.SECONDS));
            assertTrue(plain.awaitTermination(10, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(10)).until(() -> gate.counts().entrances() == 17
                    && gate.counts().exits() == 17);
            assertEquals(0, gate.counts().carried(), "no carry left");
        } finally {
            pool.shutdownNow();
            listening.shutdownNow();
            plain.shutdownNow();
            Gates.release(slot);
        }
        assertEquals(17, gate.counts().entrances(), "nine module calls and the eight tasks' starts on the workers");
    }

    private static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    /** Per method: the implementation of each method reference it makes to a JDK or Quiesce class. */
    private static Map<String, List<String>> references(byte[] classFile) {
        return perMethod(classFile, (owner, insn) -> {
            if (insn instanceof InvokeDynamicInsnNode indy && indy.bsmArgs.length > 1
                    && indy.bsmArgs[1] instanceof Handle impl && !impl.getOwner().equals(owner)) {
                return impl.getOwner().substring(impl.getOwner().lastIndexOf('/') + 1) + "." + impl.getName();
            }
            return null;
        });
    }

    @Test
    void aCarriedSubmissionRunsCountedOnTheWorker() throws Exception {
        Gate gate = new Gate("submissions");
        int slot = Gates.register(gate);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Class<?> submissions = new RewritingLoader(slot).loadClass(Submissions.class.getName());
            assertEquals("done by CarriedFuture", submissions.getMethod("submitAndGet", ExecutorService.class)
                    .invoke(null, pool), "the JVM verifies the class, and submit returns the carried future");
            pool.shutdown(); // the task's count-out follows its result: its thread ends after it
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            GateCounts counts = gate.counts();
            assertEquals(2, counts.entrances(), "submitAndGet and the task's start on the worker (the lambda, nested in the"
                    + " start, counts nothing)");
            assertEquals(2, counts.exits(), "every entrance left");
            assertEquals(0, counts.carried(), "no carry left");
        } finally {
            pool.shutdown();
            Gates.release(slot);
        }
    }

    /** Per method: the executor and CompletableFuture calls it makes, as owner's simple name and method name. */
    private static Map<String, List<String>> executorCalls(byte[] classFile) {
        return perMethod(classFile, (owner, insn) -> {
            if (insn instanceof MethodInsnNode call && (call.owner.startsWith("java/util/concurrent/")
                    || call.owner.equals(CARRIED)) && call.getOpcode() != Opcodes.INVOKESPECIAL
                    && SUBMISSIONS.matcher(call.name).matches()) {
                return call.owner.substring(call.owner.lastIndexOf('/') + 1) + "." + call.name;
            }
            return null;
        });
    }

    /** Per method of {@code classFile}: what {@code describe} (given the class's name) says of each instruction. */
    private static Map<String, List<String>> perMethod(byte[] classFile,
                                                       BiFunction<String, AbstractInsnNode, String> describe) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, 0);
        Map<String, List<String>> made = new LinkedHashMap<>();
        for (MethodNode method : node.methods) {
            List<String> described = new ArrayList<>();
            for (AbstractInsnNode insn : method.instructions) {
                String description = describe.apply(node.name, insn);
                if (description != null) {
                    described.add(description);
                }
            }
            made.put(method.name, described);
        }
        return made;
    }

    private static byte[] rewrite(byte[] original, int slot) {
        return EntryPointRewriter.rewrite(original, slot, ModuleClass.read(original, "fixture"));
    }

    private static String verify(byte[] classFile) {
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classFile), CallSiteRewriterTest.class.getClassLoader(), false,
                new PrintWriter(problems));
        return problems.toString();
    }

    /** Defines the fixture rewritten for {@code slot}; everything else comes from the test's loader. */
    private static final class RewritingLoader extends ClassLoader {
        private final int slot;
        private final String fixture;

        RewritingLoader(int slot) {
            this(slot, Submissions.class.getName());
        }

        /** Rewrites the classes whose names start with {@code fixture}. */
        RewritingLoader(int slot, String fixture) {
            super("submissions", CallSiteRewriterTest.class.getClassLoader());
            this.slot = slot;
            this.fixture = fixture;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(fixture)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try (var in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] defined = rewrite(in.readAllBytes(), slot);
                        loaded = defineClass(name, defined, 0, defined.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return loaded;
            }
        }
    }
}
