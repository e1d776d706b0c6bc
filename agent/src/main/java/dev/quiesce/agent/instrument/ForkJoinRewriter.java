package dev.quiesce.agent.instrument;

import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites a module method's fork/join calls into {@code invokedynamic}s that {@code ForkJoinSites} links once (or
 * links to the original call, if the method it resolves to is not one of these). Calls that may wait on fork/join
 * work, bracketed in the module's {@code ForkJoinWaits}: the terminal operations of {@code Stream},
 * {@code IntStream}, {@code LongStream}, {@code DoubleStream} and {@code BaseStream} (every interface method that
 * returns no stream, but {@code iterator}, {@code spliterator}, {@code isParallel} and {@code close});
 * {@code invoke}, {@code join}, {@code quietlyInvoke}, {@code quietlyJoin} and the static {@code invokeAll} on a
 * {@code ForkJoinTask} type or on a class outside the JDK (a module's own {@code RecursiveTask}, decided when
 * linked), and {@code get} on the JDK's task types; {@code ForkJoinPool.invoke}; and {@code Arrays.parallel*}.
 * Calls that hand a task over, carried by {@code CarriedForks}: {@code fork()} on the same types, and
 * {@code ForkJoinPool.execute} and {@code submit} of a {@code ForkJoinTask}. The stack stays as it is: the receiver
 * and arguments become the {@code invokedynamic}'s, the original call is its bootstrap's constant. Not rewritten:
 * {@code invokespecial}, and class files older than Java 7, which cannot hold an {@code invokedynamic}. Proved by
 * {@code CallSiteRewriterTest}, {@code ParallelWorkTest} and {@code FanOutTest}.
 */
final class ForkJoinRewriter extends MethodVisitor {
    private static final Handle LINK = new Handle(Opcodes.H_INVOKESTATIC,
            "dev/quiesce/agent/runtime/ForkJoinSites", "link", "(Ljava/lang/invoke/MethodHandles$Lookup;"
            + "Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;I)"
            + "Ljava/lang/invoke/CallSite;", false);
    private static final Set<String> STREAMS = Set.of("java/util/stream/BaseStream", "java/util/stream/Stream",
            "java/util/stream/IntStream", "java/util/stream/LongStream", "java/util/stream/DoubleStream");
    private static final Set<String> NOT_TERMINAL = Set.of("iterator", "spliterator", "isParallel", "close");
    private static final Set<String> TASKS = Set.of("java/util/concurrent/ForkJoinTask",
            "java/util/concurrent/RecursiveTask", "java/util/concurrent/RecursiveAction",
            "java/util/concurrent/CountedCompleter");
    private static final Set<String> TASK_CALLS = Set.of("invoke()Ljava/lang/Object;", "join()Ljava/lang/Object;",
            "quietlyInvoke()V", "quietlyJoin()V", "fork()Ljava/util/concurrent/ForkJoinTask;");
    private static final Set<String> POOL_CALLS = Set.of(
            "invoke(Ljava/util/concurrent/ForkJoinTask;)Ljava/lang/Object;",
            "execute(Ljava/util/concurrent/ForkJoinTask;)V",
            "submit(Ljava/util/concurrent/ForkJoinTask;)Ljava/util/concurrent/ForkJoinTask;");
    private static final Set<String> TASK_GETS = Set.of("get()Ljava/lang/Object;",
            "get(JLjava/util/concurrent/TimeUnit;)Ljava/lang/Object;");
    private static final Set<String> INVOKE_ALLS = Set.of(
            "invokeAll(Ljava/util/concurrent/ForkJoinTask;Ljava/util/concurrent/ForkJoinTask;)V",
            "invokeAll([Ljava/util/concurrent/ForkJoinTask;)V",
            "invokeAll(Ljava/util/Collection;)Ljava/util/Collection;");
    private static final Set<String> JDK_PACKAGES = Set.of("java/", "javax/", "jdk/", "sun/", "com/sun/");

    private final int slot;
    private final boolean dynamic;

    ForkJoinRewriter(MethodVisitor next, int slot, boolean dynamic) {
        super(Opcodes.ASM9, next);
        this.slot = slot;
        this.dynamic = dynamic;
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (!dynamic || !linked(opcode, owner, name, descriptor)) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            return;
        }
        int tag = switch (opcode) {
            case Opcodes.INVOKESTATIC -> Opcodes.H_INVOKESTATIC;
            case Opcodes.INVOKEINTERFACE -> Opcodes.H_INVOKEINTERFACE;
            default -> Opcodes.H_INVOKEVIRTUAL;
        };
        String siteType = opcode == Opcodes.INVOKESTATIC ? descriptor : "(L" + owner + ";" + descriptor.substring(1);
        super.visitInvokeDynamicInsn(name, siteType, LINK, new Handle(tag, owner, name, descriptor, isInterface),
                slot);
    }

    /** Whether {@code owner.name descriptor}, called with {@code opcode}, may be one of the calls the class lists. */
    private static boolean linked(int opcode, String owner, String name, String descriptor) {
        if (opcode == Opcodes.INVOKEINTERFACE && STREAMS.contains(owner)) {
            String returned = Type.getReturnType(descriptor).getDescriptor();
            return !NOT_TERMINAL.contains(name) && !STREAMS.contains(returned.substring(1, Math.max(1,
                    returned.length() - 1)));
        }
        String method = name + descriptor;
        boolean tasks = TASKS.contains(owner) || owner.charAt(0) != '['
                && JDK_PACKAGES.stream().noneMatch(owner::startsWith);
        return switch (opcode) {
            case Opcodes.INVOKEVIRTUAL -> tasks && TASK_CALLS.contains(method)
                    || TASKS.contains(owner) && TASK_GETS.contains(method)
                    || owner.equals("java/util/concurrent/ForkJoinPool") && POOL_CALLS.contains(method);
            case Opcodes.INVOKESTATIC -> tasks && INVOKE_ALLS.contains(method)
                    || owner.equals("java/util/Arrays") && name.startsWith("parallel");
            default -> false;
        };
    }
}
