package dev.quiesce.agent.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites a module class: every public method and public constructor with code, other than bridges, synthetic
 * methods and lifecycle hooks, becomes a counted entry point of the module in {@code slot}.
 */
final class EntryPointRewriter extends ClassVisitor {
    private static final int NOT_ENTRY_POINT = Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE
            | Opcodes.ACC_SYNTHETIC;

    private final int slot;
    private final ModuleClass info;
    private boolean emitFrames;

    private EntryPointRewriter(ClassVisitor next, int slot, ModuleClass info) {
        super(Opcodes.ASM9, next);
        this.slot = slot;
        this.info = info;
    }

    static byte[] rewrite(byte[] classFile, int slot, ModuleClass info) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new EntryPointRewriter(writer, slot, info), ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
                      String[] interfaces) {
        emitFrames = (version & 0xFFFF) >= Opcodes.V1_6;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                     String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        boolean entryPoint = (access & Opcodes.ACC_PUBLIC) != 0 && (access & NOT_ENTRY_POINT) == 0
                && !"<clinit>".equals(name) && !info.isHook(name, descriptor);
        return entryPoint ? new EntryPointAdapter(next, access, name, descriptor, slot, emitFrames) : next;
    }
}
