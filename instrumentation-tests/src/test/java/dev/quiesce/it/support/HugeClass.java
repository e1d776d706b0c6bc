package dev.quiesce.it.support;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A module class the agent cannot rewrite: {@code @Unloadable("huge") public class huge.Huge} whose static
 * {@code count()} is {@value #INCREMENTS} {@code iinc}s, 65,524 bytes of code. The rewrite adds a few bytes to each
 * entry point, which pushes it past the JVM's 65,535-byte limit (ASM's {@code MethodTooLargeException}). It is
 * {@code synchronized}, because a method split as its class loads keeps its code unchanged in the copy, and
 * synchronized methods are not split. Also
 * without the annotation, as {@value #HELPER} (a helper a loader defines before its first module class).
 */
public final class HugeClass {
    public static final String NAME = "huge.Huge";
    public static final String HELPER = "huge.Helper";
    public static final int INCREMENTS = 21_840;

    private HugeClass() {
    }

    public static byte[] bytes() {
        return bytes(NAME, true);
    }

    /** The class, named {@code binaryName}, with or without {@code @Unloadable("huge")}. */
    public static byte[] bytes(String binaryName, boolean annotated) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, binaryName.replace('.', '/'), null,
                "java/lang/Object", null);
        if (annotated) {
            writer.visitAnnotation("Ldev/quiesce/Unloadable;", true).visit("value", "huge");
        }
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(1, 1);
        init.visitEnd();
        MethodVisitor count = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_SYNCHRONIZED,
                "count", "()I", null, null);
        count.visitCode();
        count.visitInsn(Opcodes.ICONST_0);
        count.visitVarInsn(Opcodes.ISTORE, 0);
        for (int i = 0; i < INCREMENTS; i++) {
            count.visitIincInsn(0, 1);
        }
        count.visitVarInsn(Opcodes.ILOAD, 0);
        count.visitInsn(Opcodes.IRETURN);
        count.visitMaxs(1, 1);
        count.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
