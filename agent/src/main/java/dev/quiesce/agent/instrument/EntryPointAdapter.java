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
 * Rewrites one method of a module into
 * <pre>{@code
 * Entrance entrance = Gates.entrance(SLOT);
 * Cell cell = entrance.enter();             // enterInitializer() in a static initialiser;
 *                                           // null for a nested call (Entrance.NESTED, whose exit does nothing)
 * try { <body> } catch (Throwable t) { entrance.exit(); throw t; }
 * // and entrance.exit() before every return: a receiver type per call site, as the enter's (see Entrance)
 * }</pre>
 * The catch-all covers the body only, never the inserted exit calls, so an exit is counted once on every path:
 * it is split into ranges that skip each return's exit sequence, and it comes last in the exception table so the
 * body's own handlers catch first. A body with nothing to cover gets no handler. No field or method is added, so
 * the class stays retransformable.
 *
 * <p>Constructors. A constructor's prologue (the code before {@code super(...)} or {@code this(...)}, arbitrary since
 * JDK 25's flexible constructor bodies) is counted as a call of its own when it does more than load arguments and
 * constants ({@link ConstructorPrologues}): {@code enter} first, {@code exit} right before the super call, and the
 * body after the super call enters again. The super call itself is not covered: HotSpot's verifier lets no handler
 * cover it (before it local 0 is {@code uninitializedThis} and {@code flagThisUninit} is set, after it local 0 is
 * the class and the flag is still set for its handlers), and the constructor it calls counts itself if it is
 * module code. In the prologue {@code this} is uninitialized, and JVMS 4.10.1.4 lets only a handler whose frame has
 * {@code flagThisUninit} (local 0 {@code uninitializedThis}) cover such instructions, and such a handler may not
 * return; so the prologue's catch-all and its overflow handler have that frame, and rethrow.
 *
 * <p>Overflow. Each {@code aload entrance; invokeinterface exit} (before a return and in the catch-alls) is covered by one
 * more handler, last in the table, that counts out with no call and rethrows:
 * {@code if (cell != null) cell.abruptExits++; throw e}. {@code Entrance.exit} throws only before counting out,
 * typically a {@link StackOverflowError} on entering it at the stack's edge, so every path still counts out exactly
 * once; a nested call's {@code null} has nothing to count out (and no cell of another thread is ever written).
 * The first time a field instruction runs, its class is resolved, and resolving through the module's loader runs
 * Java code, which can itself overflow at the edge; so {@code ldc Cell; pop} before the enter resolves
 * {@code Cell} on every call's way in, while nothing is counted yet (the JIT drops it: the class is a constant).
 *
 * <p>Frames: the class is read with expanded frames and the new local is added to every frame by
 * {@code LocalVariablesSorter}. A handler's frame declares no locals but the cell (all others are TOP), and in the
 * prologue local 0 as {@code uninitializedThis}; every frame in the ranges it covers is assignable to it. The
 * overflow handler's {@code athrow}, the target of its {@code ifnull}, has the handler's frame.
 */
final class EntryPointAdapter extends AdviceAdapter {
    private static final Type GATES = Type.getObjectType("dev/quiesce/agent/runtime/Gates");
    private static final Type CELL = Type.getObjectType("dev/quiesce/agent/runtime/Cell");
    private static final Type ENTRANCE = Type.getObjectType("dev/quiesce/agent/runtime/Entrance");
    private static final Method ENTRANCE_OF = new Method("entrance", ENTRANCE, new Type[] {Type.INT_TYPE});
    private static final Method ENTER = new Method("enter", CELL, new Type[0]);
    private static final Method ENTER_INITIALIZER = new Method("enterInitializer", CELL, new Type[0]);
    private static final Method EXIT = new Method("exit", Type.VOID_TYPE, new Type[0]);
    private static final String ABRUPT_EXITS = "abruptExits";
    private static final Object[] NO_LOCALS = {};
    private static final Object[] UNINITIALIZED_THIS_ONLY = {Opcodes.UNINITIALIZED_THIS};

    private final int slot;
    private final boolean emitFrames;
    private final boolean constructor;
    private final Method enter;
    private final List<Label[]> covered = new ArrayList<>();
    private final List<Label[]> exitCalls = new ArrayList<>();
    private final List<Label[]> prologueExitCalls = new ArrayList<>();
    /** The super call's ordinal among the {@code invokespecial <init>} calls if the prologue is counted, else -1. */
    private final int countedSuperCall;
    private int initCalls;
    private int cell = -1;
    private int entrance = -1;
    private Label prologueStart;
    private Label prologueEnd;
    private Label rangeStart;

    /** @param prologue a constructor's prologue, or null (a method, or a constructor whose prologue was not found) */
    EntryPointAdapter(MethodVisitor next, int access, String name, String descriptor, int slot, boolean emitFrames,
                      ConstructorPrologues.Prologue prologue) {
        super(Opcodes.ASM9, next, access, name, descriptor);
        this.slot = slot;
        this.emitFrames = emitFrames;
        this.constructor = "<init>".equals(name);
        this.enter = "<clinit>".equals(name) ? ENTER_INITIALIZER : ENTER;
        this.countedSuperCall = constructor && prologue != null && prologue.hasCode() ? prologue.superCall() : -1;
    }

    @Override
    public void visitCode() {
        super.visitCode(); // a method's onMethodEnter; a constructor's comes after its super(...)/this(...) call
        if (countedSuperCall >= 0) {
            enter();
            prologueStart = mark();
        }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (opcode == INVOKESPECIAL && "<init>".equals(name) && initCalls++ == countedSuperCall) {
            prologueEnd = mark();
            exitCall(prologueEnd, prologueExitCalls);
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    protected void onMethodEnter() {
        enter();
        rangeStart = mark();
    }

    private void enter() {
        push(CELL); // resolves Cell for the overflow handler's field instructions, before anything is counted
        pop();
        push(slot);
        invokeStatic(GATES, ENTRANCE_OF);
        if (entrance < 0) {
            entrance = newLocal(ENTRANCE);
        }
        dup();
        storeLocal(entrance);
        invokeInterface(ENTRANCE, enter); // a receiver type per call site: see Entrance
        if (cell < 0) {
            cell = newLocal(CELL);
        }
        storeLocal(cell);
    }

    @Override
    protected void onMethodExit(int opcode) {
        if (rangeStart == null || opcode == ATHROW) {
            return; // a throw is counted out by the handler; a constructor returns only after super(...)
        }
        Label exitCall = mark();
        covered.add(new Label[] {rangeStart, exitCall});
        exitCall(exitCall, exitCalls);
    }

    /** {@code aload entrance; invokeinterface exit}, from {@code start}, remembered for an overflow handler. */
    private void exitCall(Label start, List<Label[]> calls) {
        loadLocal(entrance);
        invokeInterface(ENTRANCE, EXIT); // a receiver type per call site, as the enter's
        calls.add(new Label[] {start, mark()});
    }

    @Override
    public void visitInsn(int opcode) {
        super.visitInsn(opcode);
        if (rangeStart != null && opcode >= IRETURN && opcode <= RETURN) {
            rangeStart = mark();
        }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (cell >= 0) {
            if (rangeStart == null) {
                throw new IllegalStateException("a constructor that never calls super(...) or this(...)");
            }
            covered.add(new Label[] {rangeStart, mark()});
            if (prologueStart != null) {
                if (prologueEnd == null) {
                    throw new IllegalStateException("the prologue's super(...) call was not found again");
                }
                countOutAndRethrow(List.<Label[]>of(new Label[] {prologueStart, prologueEnd}),
                        UNINITIALIZED_THIS_ONLY, prologueExitCalls);
            }
            countOutAndRethrow(covered, NO_LOCALS, exitCalls);
            countOutWithoutACall(prologueExitCalls, UNINITIALIZED_THIS_ONLY);
            countOutWithoutACall(exitCalls, NO_LOCALS);
        }
        super.visitMaxs(Math.max(maxStack + 1, 6), maxLocals);
    }

    /** A catch-all over the non-empty {@code ranges}: {@code entrance.exit(); throw t}; none if all are empty. */
    private void countOutAndRethrow(List<Label[]> ranges, Object[] locals, List<Label[]> calls) {
        List<Label[]> nonEmpty = new ArrayList<>(ranges);
        nonEmpty.removeIf(range -> range[0].getOffset() >= range[1].getOffset());
        if (nonEmpty.isEmpty()) {
            return;
        }
        Label handler = mark();
        if (emitFrames) {
            visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
        }
        exitCall(handler, calls);
        throwException();
        for (Label[] range : nonEmpty) {
            visitTryCatchBlock(range[0], range[1], handler, null);
        }
    }

    /**
     * The overflow handler: {@code if (cell != null) cell.abruptExits++; throw e}, a null check and two field
     * instructions, no call.
     */
    private void countOutWithoutACall(List<Label[]> calls, Object[] locals) {
        if (calls.isEmpty()) {
            return;
        }
        Label handler = mark();
        Label rethrow = new Label();
        if (emitFrames) {
            visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
        }
        loadLocal(cell);
        ifNull(rethrow);
        loadLocal(cell);
        dup();
        getField(CELL, ABRUPT_EXITS, Type.LONG_TYPE);
        push(1L);
        math(ADD, Type.LONG_TYPE);
        putField(CELL, ABRUPT_EXITS, Type.LONG_TYPE);
        mark(rethrow);
        if (emitFrames) {
            visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
        }
        throwException();
        for (Label[] range : calls) {
            visitTryCatchBlock(range[0], range[1], handler, null);
        }
    }
}
