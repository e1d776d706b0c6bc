package dev.quiesce.agent.instrument;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A class javac 17 cannot compile, as JDK 25's flexible constructor bodies produce it:
 * <pre>{@code
 * @Unloadable("shapes") public class Prologue {
 *     public Prologue(boolean fail) { Probe.record(); if (fail) throw new IllegalStateException("prologue"); super(); }
 * }
 * }</pre>
 */
final class FlexibleConstructor {
    static final String NAME = "dev.quiesce.agent.instrument.fixtures.Prologue";
    private static final String PROBE = Probe.class.getName().replace('.', '/');

    private FlexibleConstructor() {
    }

    static byte[] classFile() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, NAME.replace('.', '/'), null,
                "java/lang/Object", null);
        writer.visitAnnotation("Ldev/quiesce/Unloadable;", false).visit("value", "shapes");
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(Z)V", null, null);
        init.visitCode();
        init.visitMethodInsn(Opcodes.INVOKESTATIC, PROBE, "record", "()V", false);
        init.visitVarInsn(Opcodes.ILOAD, 1);
        Label construct = new Label();
        init.visitJumpInsn(Opcodes.IFEQ, construct);
        init.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
        init.visitInsn(Opcodes.DUP);
        init.visitLdcInsn("prologue");
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
                "(Ljava/lang/String;)V", false);
        init.visitInsn(Opcodes.ATHROW);
        init.visitLabel(construct);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

}
