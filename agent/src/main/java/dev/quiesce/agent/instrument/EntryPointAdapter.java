package dev.quiesce.agent.instrument;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;
import org.objectweb.asm.commons.Method;

/**
 * Rewrites one entry point into
 * <pre>{@code
 * Cell cell = Gates.enter(SLOT);          // after super(...)/this(...) in a constructor
 * try { <body> } catch (Throwable t) { Gates.exit(cell); throw t; }
 * // and Gates.exit(cell) before every return
 * }</pre>
 * The catch-all covers the body only, never the inserted exit calls, so an exit is counted once on every path:
 * it is split into ranges that skip each return's exit sequence, and it comes last in the exception table so the
 * body's own handlers catch first. A body with nothing to cover (a constructor that only delegates) gets no
 * handler. No field or method is added, so the class stays retransformable.
 *
 * <p>Overflow. Each {@code aload cell; invokestatic exit} (before a return and in the catch-all) is covered by one
 * more handler, last in the table, that counts out with no call and rethrows:
 * {@code cell.abruptExits++; throw e}. {@code Gates.exit} throws only before counting out, typically a
 * {@link StackOverflowError} on entering it at the stack's edge, so every path still counts out exactly once.
 * The first time a field instruction runs, its class is resolved, and resolving through the module's loader runs
 * Java code, which can itself overflow at the edge; so {@code ldc Cell; pop} before {@code Gates.enter} resolves
 * {@code Cell} on every call's way in, while nothing is counted yet (the JIT drops it: the class is a constant).
 *
 * <p>Frames: the class is read with expanded frames and the new local is added to every frame by
 * {@code LocalVariablesSorter}. The handler's frame declares no locals but the cell (all others are TOP), which
 * every frame in the covered ranges is assignable to; in a constructor the ranges start after {@code super(...)}, so
 * {@code this} is never uninitialized in them.
 */
final class EntryPointAdapter extends AdviceAdapter {
    private static final Type GATES = Type.getObjectType("dev/quiesce/agent/runtime/Gates");
    private static final Type CELL = Type.getObjectType("dev/quiesce/agent/runtime/Cell");
    private static final Method ENTER = new Method("enter", CELL, new Type[] {Type.INT_TYPE});
    private static final Method EXIT = new Method("exit", Type.VOID_TYPE, new Type[] {CELL});
    private static final String ABRUPT_EXITS = "abruptExits";

    private final int slot;
    private final boolean emitFrames;
    private final List<Label[]> covered = new ArrayList<>();
    private final List<Label[]> exitCalls = new ArrayList<>();
    private int cell = -1;
    private Label rangeStart;

    EntryPointAdapter(MethodVisitor next, int access, String name, String descriptor, int slot, boolean emitFrames) {
        super(Opcodes.ASM9, next, access, name, descriptor);
        this.slot = slot;
        this.emitFrames = emitFrames;
    }

    @Override
    protected void onMethodEnter() {
        push(CELL); // resolves Cell for the overflow handler's field instructions, before anything is counted
        pop();
        push(slot);
        invokeStatic(GATES, ENTER);
        cell = newLocal(CELL);
        storeLocal(cell);
        rangeStart = mark();
    }

    @Override
    protected void onMethodExit(int opcode) {
        if (cell < 0 || opcode == ATHROW) {
            return; // a throw is counted out by the handler
        }
        Label exitCall = mark();
        covered.add(new Label[] {rangeStart, exitCall});
        exitCall(exitCall);
    }

    /** {@code aload cell; invokestatic exit}, from {@code start}, remembered for the overflow handler. */
    private void exitCall(Label start) {
        loadLocal(cell);
        invokeStatic(GATES, EXIT);
        exitCalls.add(new Label[] {start, mark()});
    }

    @Override
    public void visitInsn(int opcode) {
        super.visitInsn(opcode);
        if (cell >= 0 && opcode >= IRETURN && opcode <= RETURN) {
            rangeStart = mark();
        }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (cell >= 0) {
            Label handler = mark();
            covered.add(new Label[] {rangeStart, handler});
            covered.removeIf(range -> range[0].getOffset() >= range[1].getOffset());
            if (!covered.isEmpty()) {
                if (emitFrames) {
                    visitFrame(Opcodes.F_NEW, 0, new Object[0], 1, new Object[] {"java/lang/Throwable"});
                }
                exitCall(handler);
                throwException();
                for (Label[] range : covered) {
                    visitTryCatchBlock(range[0], range[1], handler, null);
                }
            }
            if (!exitCalls.isEmpty()) {
                countOutWithoutACall();
            }
        }
        super.visitMaxs(Math.max(maxStack + 1, 6), maxLocals);
    }

    /** The overflow handler: {@code cell.abruptExits++; throw e}, two field instructions and no call. */
    private void countOutWithoutACall() {
        Label handler = mark();
        if (emitFrames) {
            visitFrame(Opcodes.F_NEW, 0, new Object[0], 1, new Object[] {"java/lang/Throwable"});
        }
        loadLocal(cell);
        dup();
        getField(CELL, ABRUPT_EXITS, Type.LONG_TYPE);
        push(1L);
        math(ADD, Type.LONG_TYPE);
        putField(CELL, ABRUPT_EXITS, Type.LONG_TYPE);
        throwException();
        for (Label[] range : exitCalls) {
            visitTryCatchBlock(range[0], range[1], handler, null);
        }
    }
}
