package dev.quiesce.agent.instrument;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.AdviceAdapter;

/**
 * Finds, in one pass over a class's constructors, each constructor's {@code super(...)}/{@code this(...)} call (as
 * {@link AdviceAdapter} does, by tracking the operand stack) and whether the code before it does anything but load
 * arguments and constants. {@link EntryPointAdapter} counts such a prologue as a call of its own, ending right
 * before that call: HotSpot's verifier lets no exception handler cover the {@code invokespecial} that initializes
 * {@code this}, since the frames before and after it disagree on local 0 and on {@code flagThisUninit}.
 */
final class ConstructorPrologues {
    /** A constructor's super call, as its ordinal among the constructor's {@code invokespecial <init>} calls. */
    record Prologue(int superCall, boolean hasCode) {
    }

    private final Map<String, Prologue> byDescriptor = new HashMap<>();

    private ConstructorPrologues() {
    }

    static ConstructorPrologues of(byte[] classFile) {
        ConstructorPrologues prologues = new ConstructorPrologues();
        new ClassReader(classFile).accept(prologues.new Finder(), ClassReader.SKIP_DEBUG | ClassReader.EXPAND_FRAMES);
        return prologues;
    }

    /** The prologue of constructor {@code descriptor}, or null if none was found. */
    Prologue of(String descriptor) {
        return byDescriptor.get(descriptor);
    }

    private final class Finder extends ClassVisitor {
        Finder() {
            super(Opcodes.ASM9);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            return "<init>".equals(name) ? new PrologueScan(access, descriptor) : null;
        }
    }

    /** Watches one constructor up to its super call. */
    private final class PrologueScan extends AdviceAdapter {
        private final String descriptor;
        private int initCalls;
        private boolean hasCode;
        private boolean found;

        PrologueScan(int access, String descriptor) {
            super(Opcodes.ASM9, null, access, "<init>", descriptor);
            this.descriptor = descriptor;
        }

        @Override
        protected void onMethodEnter() {
            if (!found) {
                found = true;
                byDescriptor.put(descriptor, new Prologue(initCalls - 1, hasCode));
            }
        }

        private void code() {
            if (!found) {
                hasCode = true;
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
            boolean init = opcode == INVOKESPECIAL && "<init>".equals(name);
            if (init) {
                initCalls++;
            }
            boolean wasFound = found;
            super.visitMethodInsn(opcode, owner, name, desc, isInterface);
            if (!init || found == wasFound) {
                code();
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode > DCONST_1 && opcode != DUP) {
                code();
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            if (opcode >= ISTORE) {
                code();
            }
            super.visitVarInsn(opcode, var);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            if (opcode == NEWARRAY) {
                code();
            }
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String desc) {
            code();
            super.visitFieldInsn(opcode, owner, name, desc);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            code();
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            code();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... arguments) {
            code();
            super.visitInvokeDynamicInsn(name, desc, bootstrap, arguments);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            code();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            code();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            code();
            super.visitIincInsn(var, increment);
        }

        @Override
        public void visitMultiANewArrayInsn(String desc, int dimensions) {
            code();
            super.visitMultiANewArrayInsn(desc, dimensions);
        }
    }
}
