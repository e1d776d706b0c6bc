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
 * submissions to the JDK's executors carry their tasks ({@link CallSiteRewriter}). Proved by
 * {@code EntryPointRewriterTest} (each kind loads, passes the JVM's verifier and counts once) and
 * {@code CoverageTest} (forked JVMs, one per path).
 */
final class EntryPointRewriter extends ClassVisitor {
    private static final int NOT_ENTRY_POINT = Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE;

    private final int slot;
    private final ModuleClass info;
    private final ConstructorPrologues prologues;
    private boolean emitFrames;
    private boolean dynamic;

    private EntryPointRewriter(ClassVisitor next, int slot, ModuleClass info, ConstructorPrologues prologues) {
        super(Opcodes.ASM9, next);
        this.slot = slot;
        this.info = info;
        this.prologues = prologues;
    }

    static byte[] rewrite(byte[] classFile, int slot, ModuleClass info) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new EntryPointRewriter(writer, slot, info, ConstructorPrologues.of(classFile)),
                ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
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
        MethodVisitor next = new CallSiteRewriter(super.visitMethod(access, name, descriptor, signature, exceptions),
                slot, dynamic);
        boolean entryPoint = (access & NOT_ENTRY_POINT) == 0 && !info.isHook(name, descriptor);
        return entryPoint ? new EntryPointAdapter(next, access, name, descriptor, slot, emitFrames,
                "<init>".equals(name) ? prologues.of(descriptor) : null) : next;
    }
}
