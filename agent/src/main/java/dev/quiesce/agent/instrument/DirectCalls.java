package dev.quiesce.agent.instrument;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * In a counted method or a copy ({@link SplitMethod}), turns each call of a split private method of the same class
 * into a call of its copy, which is not counted: the caller runs inside a counted call (its own, or the one its copy
 * runs under), so the call would have been a nested one, and the copy is small enough for the JIT to inline where
 * the counted method was not. An instance method's copy is called with {@code invokespecial}, as a private method
 * of the caller's class. Not in constructors (a prologue may run uncounted), hooks or bridges (not counted): no call
 * reaches a copy from code that is not counted. Proved by {@code BodySplitTest} (a call held in a copy keeps the
 * drain waiting; the copies' frames in a stack trace).
 */
final class DirectCalls extends MethodVisitor {
    private final BodySplit split;

    DirectCalls(MethodVisitor next, BodySplit split) {
        super(Opcodes.ASM9, next);
        this.split = split;
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        String copy = split.directTarget(opcode, owner, name, descriptor, isInterface);
        if (copy == null) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        } else {
            super.visitMethodInsn(opcode == Opcodes.INVOKESTATIC ? opcode : Opcodes.INVOKESPECIAL, owner, copy,
                    descriptor, false);
        }
    }
}
