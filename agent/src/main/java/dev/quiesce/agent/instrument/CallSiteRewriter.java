package dev.quiesce.agent.instrument;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites a module method's submissions to the JDK's executors into calls of {@code CarriedCalls}, which carry the
 * task across the hand-off (see {@code CarriedCounts}). Rewritten, on the JDK's executor types as the call's owner:
 * {@code execute(Runnable)}; {@code submit} of a Runnable or Callable (returning {@code Future}); one-shot
 * {@code schedule}; {@code shutdownNow} (its dropped tasks release their carries); and every {@code *Async} method
 * of {@code CompletableFuture}, whose executor argument is wrapped (or, for the overload without one, the default
 * executor is passed, wrapped). The receiver and arguments stay on the stack as they are, the slot is pushed last,
 * and the call becomes an {@code invokestatic} with the receiver as first parameter: no branch, local, field or
 * method is added, only one stack slot. Not rewritten: {@code invokespecial} (a module's own executor calling its
 * super class), periodic schedules (each run is new work), calls through a method reference, and the rest listed
 * in the README's Known limits. Proved by {@code CallSiteRewriterTest} and {@code FanOutTest}.
 */
final class CallSiteRewriter extends MethodVisitor {
    private static final String CARRIED = "dev/quiesce/agent/runtime/CarriedCalls";
    private static final String FUTURE = "java/util/concurrent/CompletableFuture";
    private static final String EXECUTOR = Type.getDescriptor(Executor.class);
    private static final String RUNNABLE = "Ljava/lang/Runnable;";
    private static final String CALLABLE = "Ljava/util/concurrent/Callable;";
    private static final String SCHEDULED = "Ljava/util/concurrent/ScheduledFuture;";
    private static final String TIME_UNIT = "Ljava/util/concurrent/TimeUnit;";
    private static final Set<String> EXECUTORS = Set.of("java/util/concurrent/Executor",
            "java/util/concurrent/ExecutorService", "java/util/concurrent/ScheduledExecutorService",
            "java/util/concurrent/AbstractExecutorService", "java/util/concurrent/ThreadPoolExecutor",
            "java/util/concurrent/ScheduledThreadPoolExecutor", "java/util/concurrent/ForkJoinPool");
    private static final Set<String> SCHEDULERS = Set.of("java/util/concurrent/ScheduledExecutorService",
            "java/util/concurrent/ScheduledThreadPoolExecutor");
    /** name + descriptor of each {@code CompletableFuture} async method without an executor that has one with. */
    private static final Set<String> ASYNC_WITHOUT_EXECUTOR = asyncWithoutExecutor();

    private final int slot;
    private boolean rewritten;

    CallSiteRewriter(MethodVisitor next, int slot) {
        super(Opcodes.ASM9, next);
        this.slot = slot;
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (opcode == Opcodes.INVOKESPECIAL) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        } else if (FUTURE.equals(owner) && name.endsWith("Async")) {
            asyncStage(opcode, owner, name, descriptor, isInterface);
        } else if (EXECUTORS.contains(owner) && isSubmission(owner, name, descriptor)) {
            rewritten = true;
            String receiver = "Ljava/util/concurrent/" + (name.equals("execute") ? "Executor;"
                    : name.equals("schedule") ? "ScheduledExecutorService;" : "ExecutorService;");
            boolean dropping = name.equals("shutdownNow"); // needs no slot: it releases what it drops
            String replacement = "(" + receiver + descriptor.substring(1, descriptor.indexOf(')'))
                    + (dropping ? "" : "I") + descriptor.substring(descriptor.indexOf(')'));
            if (!dropping) {
                super.visitLdcInsn(slot);
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CARRIED, name, replacement, false);
        } else {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }
    }

    private static boolean isSubmission(String owner, String name, String descriptor) {
        return switch (name) {
            case "execute" -> descriptor.equals("(" + RUNNABLE + ")V");
            case "submit" -> descriptor.equals("(" + RUNNABLE + ")Ljava/util/concurrent/Future;")
                    || descriptor.equals("(" + RUNNABLE + "Ljava/lang/Object;)Ljava/util/concurrent/Future;")
                    || descriptor.equals("(" + CALLABLE + ")Ljava/util/concurrent/Future;");
            case "schedule" -> SCHEDULERS.contains(owner) && (descriptor.equals("(" + RUNNABLE + "J" + TIME_UNIT + ")"
                    + SCHEDULED) || descriptor.equals("(" + CALLABLE + "J" + TIME_UNIT + ")" + SCHEDULED));
            case "shutdownNow" -> descriptor.equals("()Ljava/util/List;");
            default -> false;
        };
    }

    /** A {@code CompletableFuture} async method: its executor, given or default, becomes a carrying one. */
    private void asyncStage(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        String params = descriptor.substring(0, descriptor.indexOf(')'));
        if (params.endsWith(EXECUTOR)) {
            rewritten = true;
            super.visitLdcInsn(slot);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CARRIED, "carrying", "(" + EXECUTOR + "I)" + EXECUTOR, false);
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        } else if (ASYNC_WITHOUT_EXECUTOR.contains(name + descriptor)) {
            rewritten = true;
            super.visitLdcInsn(slot);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CARRIED, "carryingDefault", "(I)" + EXECUTOR, false);
            super.visitMethodInsn(opcode, owner, name, params + EXECUTOR + descriptor.substring(params.length()),
                    isInterface);
        } else {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(rewritten ? maxStack + 1 : maxStack, maxLocals);
    }

    private static Set<String> asyncWithoutExecutor() {
        Set<String> names = new HashSet<>();
        for (Method method : CompletableFuture.class.getMethods()) {
            Class<?>[] params = method.getParameterTypes();
            boolean withExecutor = params.length > 0 && params[params.length - 1] == Executor.class;
            if (method.getName().endsWith("Async") && withExecutor) {
                String descriptor = Type.getMethodDescriptor(method);
                int last = descriptor.lastIndexOf(EXECUTOR + ")");
                names.add(method.getName() + descriptor.substring(0, last)
                        + descriptor.substring(last + EXECUTOR.length()));
            }
        }
        return Set.copyOf(names);
    }
}
