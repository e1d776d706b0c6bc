package dev.quiesce.agent.instrument;

import dev.quiesce.agent.runtime.CarriedStageReferences;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites a module method's submissions to the JDK's executors into calls of {@code CarriedCalls}, which carry the
 * task across the hand-off (see {@code CarriedCounts}). Rewritten, on the JDK's executor types as the call's owner:
 * {@code execute(Runnable)}; {@code submit} of a Runnable or Callable (returning {@code Future}, or, on a
 * {@code ForkJoinPool}, {@code ForkJoinTask}); one-shot {@code schedule}; {@code invokeAll} and {@code invokeAny};
 * {@code shutdownNow} (its dropped tasks release their carries); and every {@code *Async} method of
 * {@code CompletableFuture} and {@code CompletionStage}, whose executor argument is wrapped (or, for the overload
 * without one, the default executor is passed, wrapped). Starts of threads are rewritten too, into calls that carry
 * the thread until it ends (see {@code CarriedThreads}): {@code Thread.start()} on a receiver typed {@code Thread},
 * {@code start(Runnable)} on {@code Thread.Builder}, {@code Thread.Builder.OfVirtual} or
 * {@code Thread.Builder.OfPlatform}, and {@code Thread.startVirtualThread(Runnable)}: JDK 21 names, matched as
 * strings, since this agent and its runtime compile for 17. The receiver and arguments stay on the stack as they are,
 * the slot is pushed last, and the call becomes an {@code invokestatic} with the receiver as first parameter: no
 * branch, local, field or method is added, only one stack slot.
 *
 * <p>A method reference to one of these (an {@code invokedynamic} of {@code LambdaMetafactory.metafactory} whose
 * implementation is the executor's method, {@code CompletableFuture.runAsync}/{@code supplyAsync}, or an instance
 * {@code *Async} method of {@code CompletableFuture} or {@code CompletionStage}) becomes an {@code invokedynamic}
 * of the same name and type, bootstrapped by {@code ReferenceSites.carried} with the metafactory's arguments but
 * the implementation, which is {@code CarriedReferences}' static of the same name (or {@code CarriedCalls}'
 * {@code shutdownNow}, or {@code CarriedStageReferences}' for the async methods it has a static for), and the
 * slot: nothing is pushed, and the bootstrap captures the slot. A method reference to a {@code start()} of a
 * class other than {@code Thread}, or to one of the executor methods above of a type outside {@code java/}
 * (javac names the class that declares the method: {@code worker::start} names {@code Worker} only if it overrides
 * {@code start}), becomes one bootstrapped by {@code ReferenceSites.metafactory} with the metafactory's arguments
 * and the slot, which decides when linked, as for the calls below. Only constants are added to the class, no
 * method, so the rewrite serves a retransformation (at attach) too, where the class's schema cannot change. Not
 * rewritten: {@code invokespecial} (a module's own executor calling its super class), periodic schedules (each run
 * is new work), serializable method references ({@code altMetafactory}: their deserialization checks the
 * implementation), the async methods on a type other than those two, and the rest listed in the README's Known
 * limits. A {@code start()} called on a receiver typed as a class other than {@code Thread} (an anonymous subclass,
 * {@code MyWorker extends Thread}, or no thread at all) cannot be told apart here without loading that class, so it
 * becomes an {@code invokedynamic} that {@code ThreadStartSites} links, once, to the carried start or to the
 * original method (not in class files older than Java 7, which cannot hold one). Likewise a call of one of the executor methods above (by name, parameters
 * and return type; for {@code submit} and one-shot {@code schedule} any return type) on a receiver typed as a
 * class or interface outside {@code java/} ({@code HostPool extends ThreadPoolExecutor}, Guava's
 * {@code ListeningExecutorService}, Spring's {@code ThreadPoolTaskExecutor.execute}, or a class that is no executor)
 * becomes an {@code invokedynamic} of the call's own name and type (receiver first) that {@code ExecutorSites}
 * links, once, to the carried static, if the receiver type is an {@code Executor}, {@code ExecutorService} or
 * {@code ScheduledExecutorService} as the method requires, or to the original method: nothing is pushed, the slot
 * is the bootstrap's argument. Proved by {@code CallSiteRewriterTest}, {@code FanOutTest}, {@code ThreadCarryTest}
 * and {@code LibraryExecutorTest}.
 */
final class CallSiteRewriter extends MethodVisitor {
    private static final String CARRIED = "dev/quiesce/agent/runtime/CarriedCalls";
    private static final String REFERENCES = "dev/quiesce/agent/runtime/CarriedReferences";
    private static final String FUTURE = "java/util/concurrent/CompletableFuture";
    private static final String STAGE = "java/util/concurrent/CompletionStage";
    private static final String EXECUTOR = Type.getDescriptor(Executor.class);
    private static final String RUNNABLE = "Ljava/lang/Runnable;";
    private static final String CALLABLE = "Ljava/util/concurrent/Callable;";
    private static final String SCHEDULED = "Ljava/util/concurrent/ScheduledFuture;";
    private static final String TIME_UNIT = "Ljava/util/concurrent/TimeUnit;";
    private static final String TASK = "Ljava/util/concurrent/ForkJoinTask;";
    private static final String FORK_JOIN_POOL = "java/util/concurrent/ForkJoinPool";
    private static final Set<String> EXECUTORS = Set.of("java/util/concurrent/Executor",
            "java/util/concurrent/ExecutorService", "java/util/concurrent/ScheduledExecutorService",
            "java/util/concurrent/AbstractExecutorService", "java/util/concurrent/ThreadPoolExecutor",
            "java/util/concurrent/ScheduledThreadPoolExecutor", FORK_JOIN_POOL);
    private static final Set<String> SCHEDULERS = Set.of("java/util/concurrent/ScheduledExecutorService",
            "java/util/concurrent/ScheduledThreadPoolExecutor");
    private static final String THREAD = "java/lang/Thread";
    /** The interfaces a {@code Thread.Builder.start(Runnable)} call site may name (JDK 21; matched by name). */
    private static final Set<String> BUILDERS = Set.of("java/lang/Thread$Builder", "java/lang/Thread$Builder$OfVirtual",
            "java/lang/Thread$Builder$OfPlatform");
    private static final String START_VIRTUAL_THREAD = "(" + RUNNABLE + ")Ljava/lang/Thread;";
    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    /** owner + name + descriptor of each async method without an executor that has one with, on both types. */
    private static final Set<String> ASYNC_WITHOUT_EXECUTOR = asyncWithoutExecutor();
    /** owner + name + descriptor of each instance async method a reference to which is carried: its static. */
    private static final Map<String, Handle> STAGE_REFERENCES = stageReferences();

    private static final Handle START_SITE = new Handle(Opcodes.H_INVOKESTATIC,
            "dev/quiesce/agent/runtime/ThreadStartSites", "start", "(Ljava/lang/invoke/MethodHandles$Lookup;"
            + "Ljava/lang/String;Ljava/lang/invoke/MethodType;I)Ljava/lang/invoke/CallSite;", false);

    private static final String REFERENCE_BOOTSTRAP = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
            + "Ljava/lang/invoke/MethodType;I)Ljava/lang/invoke/CallSite;";
    private static final Handle REFERENCE_SITE = new Handle(Opcodes.H_INVOKESTATIC,
            "dev/quiesce/agent/runtime/ReferenceSites", "metafactory", REFERENCE_BOOTSTRAP, false);
    private static final Handle CARRIED_REFERENCE_SITE = new Handle(Opcodes.H_INVOKESTATIC,
            "dev/quiesce/agent/runtime/ReferenceSites", "carried", REFERENCE_BOOTSTRAP, false);

    private static final Handle EXECUTOR_SITE = new Handle(Opcodes.H_INVOKESTATIC,
            "dev/quiesce/agent/runtime/ExecutorSites", "link", "(Ljava/lang/invoke/MethodHandles$Lookup;"
            + "Ljava/lang/String;Ljava/lang/invoke/MethodType;I)Ljava/lang/invoke/CallSite;", false);

    private final int slot;
    /** Whether the class file may hold {@code invokedynamic} (version 51, Java 7, and later). */
    private final boolean dynamic;
    private boolean rewritten;

    CallSiteRewriter(MethodVisitor next, int slot, boolean dynamic) {
        super(Opcodes.ASM9, next);
        this.slot = slot;
        this.dynamic = dynamic;
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        String receiver = opcode == Opcodes.INVOKESPECIAL ? null : receiverOf(owner, name, descriptor);
        if (opcode != Opcodes.INVOKESPECIAL && (FUTURE.equals(owner) || STAGE.equals(owner))
                && name.endsWith("Async")) {
            asyncStage(opcode, owner, name, descriptor, isInterface);
        } else if (opcode == Opcodes.INVOKESTATIC && isStartVirtualThread(owner, name, descriptor)) {
            rewritten = true;
            super.visitLdcInsn(slot);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CARRIED, name, "(" + RUNNABLE + "I)Ljava/lang/Thread;", false);
        } else if (opcode == Opcodes.INVOKEVIRTUAL && dynamic && name.equals("start") && descriptor.equals("()V")
                && !owner.equals(THREAD) && owner.charAt(0) != '[') {
            super.visitInvokeDynamicInsn(name, "(L" + owner + ";)V", START_SITE, slot); // decided when linked
        } else if ((opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE) && dynamic
                && !owner.startsWith("java/") && owner.charAt(0) != '[' && isExecutorShaped(name, descriptor)) {
            super.visitInvokeDynamicInsn(name, "(L" + owner + ";" + descriptor.substring(1), EXECUTOR_SITE, slot);
        } else if (receiver != null) {
            rewritten = true;
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

    /**
     * The receiver's parameter type of the carried replacement of {@code owner.name descriptor}, or null if that
     * method is not carried.
     */
    private static String receiverOf(String owner, String name, String descriptor) {
        if (owner.equals(THREAD)) {
            return name.equals("start") && descriptor.equals("()V") ? "Ljava/lang/Thread;" : null;
        }
        if (BUILDERS.contains(owner)) {
            return name.equals("start") && descriptor.equals(START_VIRTUAL_THREAD) ? "Ljava/lang/Object;" : null;
        }
        if (!EXECUTORS.contains(owner)) {
            return null;
        }
        return switch (name) {
            case "execute" -> descriptor.equals("(" + RUNNABLE + ")V") ? "Ljava/util/concurrent/Executor;" : null;
            case "submit" -> descriptor.equals("(" + RUNNABLE + ")Ljava/util/concurrent/Future;")
                    || descriptor.equals("(" + RUNNABLE + "Ljava/lang/Object;)Ljava/util/concurrent/Future;")
                    || descriptor.equals("(" + CALLABLE + ")Ljava/util/concurrent/Future;")
                    ? "Ljava/util/concurrent/ExecutorService;"
                    : owner.equals(FORK_JOIN_POOL) && (descriptor.equals("(" + RUNNABLE + ")" + TASK)
                    || descriptor.equals("(" + RUNNABLE + "Ljava/lang/Object;)" + TASK)
                    || descriptor.equals("(" + CALLABLE + ")" + TASK)) ? "L" + FORK_JOIN_POOL + ";" : null;
            case "schedule" -> SCHEDULERS.contains(owner) && (descriptor.equals("(" + RUNNABLE + "J" + TIME_UNIT + ")"
                    + SCHEDULED) || descriptor.equals("(" + CALLABLE + "J" + TIME_UNIT + ")" + SCHEDULED))
                    ? "Ljava/util/concurrent/ScheduledExecutorService;" : null;
            case "invokeAll", "invokeAny" -> descriptor.startsWith("(Ljava/util/Collection;)")
                    || descriptor.startsWith("(Ljava/util/Collection;J" + TIME_UNIT + ")")
                    ? "Ljava/util/concurrent/ExecutorService;" : null;
            case "shutdownNow" -> descriptor.equals("()Ljava/util/List;")
                    ? "Ljava/util/concurrent/ExecutorService;" : null;
            default -> null;
        };
    }

    /**
     * Whether {@code name descriptor} has the parameters of a carried executor method, and its return type, or for
     * {@code submit} and {@code schedule} any class (a covariant override's; {@code ExecutorSites} checks it).
     */
    private static boolean isExecutorShaped(String name, String descriptor) {
        String params = descriptor.substring(0, descriptor.indexOf(')') + 1);
        String returned = descriptor.substring(params.length());
        return switch (name) {
            case "execute" -> descriptor.equals("(" + RUNNABLE + ")V");
            case "submit" -> returned.startsWith("L") && (params.equals("(" + RUNNABLE + ")")
                    || params.equals("(" + RUNNABLE + "Ljava/lang/Object;)") || params.equals("(" + CALLABLE + ")"));
            case "schedule" -> returned.startsWith("L") && (params.equals("(" + RUNNABLE + "J" + TIME_UNIT + ")")
                    || params.equals("(" + CALLABLE + "J" + TIME_UNIT + ")"));
            case "invokeAll", "invokeAny" -> returned.equals(name.equals("invokeAll") ? "Ljava/util/List;"
                    : "Ljava/lang/Object;") && (params.equals("(Ljava/util/Collection;)")
                    || params.equals("(Ljava/util/Collection;J" + TIME_UNIT + ")"));
            case "shutdownNow" -> descriptor.equals("()Ljava/util/List;");
            default -> false;
        };
    }

    /** An async method of {@code CompletableFuture} or {@code CompletionStage}: its executor becomes a carrying one. */
    private void asyncStage(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        String params = descriptor.substring(0, descriptor.indexOf(')'));
        if (params.endsWith(EXECUTOR)) {
            rewritten = true;
            super.visitLdcInsn(slot);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CARRIED, "carrying", "(" + EXECUTOR + "I)" + EXECUTOR, false);
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        } else if (ASYNC_WITHOUT_EXECUTOR.contains(owner + "." + name + descriptor)) {
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
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
        Type[] captured = Type.getArgumentTypes(descriptor);
        Handle impl = bootstrap.getOwner().equals(LAMBDA_METAFACTORY) && bootstrap.getName().equals("metafactory")
                && arguments.length == 3 && arguments[1] instanceof Handle h && captured.length <= 1 ? h : null;
        if (impl != null && isDecidedWhenLinked(impl)) {
            super.visitInvokeDynamicInsn(name, descriptor, REFERENCE_SITE, arguments[0], arguments[1], arguments[2],
                    slot);
            return;
        }
        Handle carried = impl == null ? null : carriedReference(impl);
        if (carried == null) {
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        } else {
            super.visitInvokeDynamicInsn(name, descriptor, CARRIED_REFERENCE_SITE, arguments[0], carried,
                    arguments[2], slot);
        }
    }

    /**
     * Whether a reference to {@code impl} is one {@code ReferenceSites} decides when linked: as the calls that
     * become {@code ThreadStartSites} or {@code ExecutorSites} sites, a {@code start()} of a class other than
     * {@code Thread}, or a carried executor method of a type outside {@code java/}.
     */
    private static boolean isDecidedWhenLinked(Handle impl) {
        String owner = impl.getOwner();
        int tag = impl.getTag();
        if (owner.charAt(0) == '[') {
            return false;
        }
        return tag == Opcodes.H_INVOKEVIRTUAL && impl.getName().equals("start") && impl.getDesc().equals("()V")
                && !owner.equals(THREAD)
                || (tag == Opcodes.H_INVOKEVIRTUAL || tag == Opcodes.H_INVOKEINTERFACE) && !owner.startsWith("java/")
                && isExecutorShaped(impl.getName(), impl.getDesc());
    }

    /** The static method a method reference to {@code impl} gets instead, or null if it is not carried. */
    static Handle carriedReference(Handle impl) {
        String owner = impl.getOwner();
        String name = impl.getName();
        String descriptor = impl.getDesc();
        int tag = impl.getTag();
        if (tag == Opcodes.H_INVOKESTATIC && (owner.equals(FUTURE)
                && (name.equals("runAsync") || name.equals("supplyAsync"))
                || isStartVirtualThread(owner, name, descriptor))) {
            return new Handle(Opcodes.H_INVOKESTATIC, REFERENCES, name, "(I" + descriptor.substring(1), false);
        }
        if (owner.equals(FUTURE) && tag == Opcodes.H_INVOKEVIRTUAL
                || owner.equals(STAGE) && tag == Opcodes.H_INVOKEINTERFACE) { // the instance async methods
            return STAGE_REFERENCES.get(owner + "." + name + descriptor);
        }
        String receiver = tag == Opcodes.H_INVOKEVIRTUAL || tag == Opcodes.H_INVOKEINTERFACE
                ? receiverOf(owner, name, descriptor) : null;
        if (receiver == null) {
            return null;
        }
        return name.equals("shutdownNow") // needs no slot: it releases what it drops
                ? new Handle(Opcodes.H_INVOKESTATIC, CARRIED, name, "(" + receiver + descriptor.substring(1), false)
                : new Handle(Opcodes.H_INVOKESTATIC, REFERENCES, name, "(I" + receiver + descriptor.substring(1),
                false);
    }

    /** {@code Thread.startVirtualThread(Runnable)} (JDK 21). */
    private static boolean isStartVirtualThread(String owner, String name, String descriptor) {
        return owner.equals(THREAD) && name.equals("startVirtualThread") && descriptor.equals(START_VIRTUAL_THREAD);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(rewritten ? maxStack + 1 : maxStack, maxLocals);
    }

    /**
     * The statics of {@code CarriedStageReferences}, each under the methods it stands for: one whose receiver is a
     * {@code CompletionStage} for that method on both types, {@code completeAsync}'s for {@code CompletableFuture}'s.
     */
    private static Map<String, Handle> stageReferences() {
        Map<String, Handle> references = new HashMap<>();
        for (Method method : CarriedStageReferences.class.getDeclaredMethods()) {
            if (!Modifier.isStatic(method.getModifiers()) || !Modifier.isPublic(method.getModifiers())) {
                continue;
            }
            String descriptor = Type.getMethodDescriptor(method);
            Type[] params = Type.getArgumentTypes(descriptor);
            StringBuilder rest = new StringBuilder("(");
            for (int i = 2; i < params.length; i++) {
                rest.append(params[i].getDescriptor());
            }
            rest.append(')');
            Handle handle = new Handle(Opcodes.H_INVOKESTATIC, Type.getInternalName(CarriedStageReferences.class),
                    method.getName(), descriptor, false);
            references.put(FUTURE + "." + method.getName() + rest + "L" + FUTURE + ";", handle);
            if (params[1].getInternalName().equals(STAGE)) {
                references.put(STAGE + "." + method.getName() + rest + "L" + STAGE + ";", handle);
            }
        }
        return Map.copyOf(references);
    }

    private static Set<String> asyncWithoutExecutor() {
        Set<String> names = new HashSet<>();
        for (Class<?> type : new Class<?>[] {CompletableFuture.class, CompletionStage.class}) {
            String owner = Type.getInternalName(type);
            for (Method method : type.getMethods()) {
                Class<?>[] params = method.getParameterTypes();
                boolean withExecutor = params.length > 0 && params[params.length - 1] == Executor.class;
                if (method.getName().endsWith("Async") && withExecutor) {
                    String descriptor = Type.getMethodDescriptor(method);
                    int last = descriptor.lastIndexOf(EXECUTOR + ")");
                    names.add(owner + "." + method.getName() + descriptor.substring(0, last)
                            + descriptor.substring(last + EXECUTOR.length()));
                }
            }
        }
        return Set.copyOf(names);
    }
}
