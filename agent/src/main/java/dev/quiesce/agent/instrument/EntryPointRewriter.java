package dev.quiesce.agent.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites a module class: every method with code (any access, static or not, constructors, the static
 * initialiser, synthetic ones such as lambda bodies) becomes a counted entry point of the module in {@code slot},
 * whatever path reaches it: a host's template method, a lambda or method reference, reflection. Not counted:
 * lifecycle hooks (the unload counts them in itself) and bridges (a bridge only calls the method it bridges, which
 * is counted). A call already inside the module pays only the lookup of its cell: a nested entry writes nothing
 * ({@code Gates.entrance} gives it {@code Entrance.NESTED}). In every method, hooks included, the
 * submissions to the JDK's executors carry their tasks ({@link CallSiteRewriter}). As a class loads, its private
 * methods are split in two, a counted method and an uncounted copy of the body, and the class's own calls of them go
 * to the copies ({@link BodySplit}): such a call is nested, and skips the lookup and the guard's bytes. Proved by
 * {@code EntryPointRewriterTest} (each kind loads, passes the JVM's verifier and counts once) and
 * {@code CoverageTest} (forked JVMs, one per path).
 */
final class EntryPointRewriter extends ClassVisitor {
    private static final int NOT_ENTRY_POINT = Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE;

    private final int slot;
    private final ModuleClass info;
    private final ConstructorPrologues prologues;
    private final BodySplit split;
    private boolean emitFrames;
    private boolean dynamic;

    private EntryPointRewriter(ClassVisitor next, int slot, ModuleClass info, ConstructorPrologues prologues,
                               BodySplit split) {
        super(Opcodes.ASM9, next);
        this.slot = slot;
        this.info = info;
        this.prologues = prologues;
        this.split = split;
    }

    /** The class rewritten; its methods split as {@code split} plans ({@link BodySplit}). */
    static byte[] rewrite(byte[] classFile, int slot, ModuleClass info, BodySplit split) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new EntryPointRewriter(writer, slot, info, ConstructorPrologues.of(classFile), split),
                ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /** The class rewritten with no method split. */
    static byte[] rewrite(byte[] classFile, int slot, ModuleClass info) {
        return rewrite(classFile, slot, info, BodySplit.of(classFile, info, false));
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
                      String[] interfaces) {
        emitFrames = (version & 0xFFFF) >= Opcodes.V1_6;
        dynamic = (version & 0xFFFF) >= Opcodes.V1_7;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                     String[] exceptions) {
        if (split.splits(access, name, descriptor)) {
            return SplitMethod.of(cv, split, slot, emitFrames, dynamic, access, name, descriptor, signature,
                    exceptions);
        }
        MethodVisitor next = CallSites.rewriting(super.visitMethod(access, name, descriptor, signature, exceptions),
                slot, dynamic);
        boolean entryPoint = (access & NOT_ENTRY_POINT) == 0 && !info.isHook(name, descriptor);
        if (entryPoint && !"<init>".equals(name)) {
            next = new DirectCalls(next, split);
        }
        return entryPoint ? new EntryPointAdapter(next, access, name, descriptor, slot, emitFrames,
                "<init>".equals(name) ? prologues.of(descriptor) : null) : next;
    }
}
