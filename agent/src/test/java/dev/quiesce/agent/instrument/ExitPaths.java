package dev.quiesce.agent.instrument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Checks the shape of rewritten entry points from their bytecode, so that every path counts out exactly once:
 * <ol>
 * <li>the entrance from {@code Gates.entrance(slot)} and the cell from its {@code enter()}
 *     ({@code enterInitializer()} in a static initialiser) are stored before any instruction of the body (in a
 *     constructor, right after the {@code super(...)}/{@code this(...)} call);</li>
 * <li>every return is immediately preceded by {@code aload entrance; invokeinterface Entrance.exit};</li>
 * <li>a catch-all handler does exactly {@code aload entrance; invokeinterface Entrance.exit; athrow};</li>
 * <li>every instruction from the enter to that handler is covered by the catch-all, except the exit sequences and
 *     their returns, which are not, so an exit is never counted twice (a body made of exit sequences only needs
 *     no handler);</li>
 * <li>every {@code aload entrance; invokeinterface Entrance.exit} (before a return and in the catch-all) is covered by an
 *     overflow handler that counts out with no call, unless the cell is null (a nested call counts nothing):
 *     {@code aload cell; ifnull T; aload cell; dup; getfield abruptExits; lconst_1; ladd; putfield abruptExits;
 *     T: athrow};</li>
 * <li>{@code ldc Cell; pop} comes before the enter, so that the overflow handler's field reference never has to
 *     load a class (Java code, which can overflow) when it first runs at the stack's edge;</li>
 * <li>a constructor whose prologue (the code before its super call) does more than load values enters first
 *     instead (rule 6), and counts out with {@code aload entrance; invokeinterface Entrance.exit} right before the super
 *     call, outside any catch-all; every instruction between is covered by a catch-all (rule 3) and the exit by
 *     an overflow handler (rule 5); the body after the super call follows rules 1-6.</li>
 * </ol>
 * With the JVM's semantics (an exception unwinds to the first matching handler covering the throwing instruction),
 * 2 covers every normal completion and 3-4 every abrupt one, whatever the body's own handlers do; 5-6 cover an exit
 * call that overflows ({@code Entrance.exit} throws only before counting out).
 */
final class ExitPaths {
    private static final String GATES = "dev/quiesce/agent/runtime/Gates";
    private static final String ENTRANCE = "dev/quiesce/agent/runtime/Entrance";
    private static final String CELL = "dev/quiesce/agent/runtime/Cell";
    private static final int[] COUNT_OUT_WITHOUT_A_CALL = {Opcodes.ALOAD, Opcodes.IFNULL, Opcodes.ALOAD, Opcodes.DUP,
        Opcodes.GETFIELD, Opcodes.LCONST_1, Opcodes.LADD, Opcodes.PUTFIELD, Opcodes.ATHROW};

    private ExitPaths() {
    }

    /** The locals of an entry point's cell and of its entrance. */
    private record Locals(int cell, int entrance) {
    }

    /** The violations found in a rewritten class; names every entry point checked in {@code checked}. */
    static List<String> check(byte[] classFile, List<String> checked) {
        ClassNode type = new ClassNode();
        new ClassReader(classFile).accept(type, 0);
        List<String> problems = new ArrayList<>();
        for (MethodNode method : type.methods) {
            List<AbstractInsnNode> code = real(method);
            int enter = indexOfCall(code, "enter", 0);
            if (enter < 0) {
                continue;
            }
            String where = type.name + "." + method.name + method.desc;
            checked.add(method.name + method.desc);
            if (method.name.equals("<init>") && !followsSuperCall(code, enter)) {
                int superCall = checkPrologue(method, code, enter, where, problems);
                enter = superCall < 0 ? -1 : indexOfCall(code, "enter", superCall);
                if (enter < 0 || !followsSuperCall(code, enter)) {
                    problems.add(where + ": the enter does not follow the super(...) call");
                    continue;
                }
            } else if (!method.name.equals("<init>") && enter != 6) {
                problems.add(where + ": the enter is not the first call");
            }
            check(method, code, enter, where, problems);
        }
        return problems;
    }

    /** Rule 7; returns the index of the super call, or -1 if there is none after the prologue's exit. */
    private static int checkPrologue(MethodNode method, List<AbstractInsnNode> code, int enter, String where,
                                     List<String> problems) {
        if (enter != 6 || !(code.get(enter + 1) instanceof VarInsnNode store) || store.getOpcode() != Opcodes.ASTORE) {
            problems.add(where + ": the prologue's enter is not the first call, or its cell is not stored");
            return -1;
        }
        Locals cell = new Locals(store.var, ((VarInsnNode) code.get(enter - 1)).var);
        int exit = -1;
        for (int i = enter + 2; i < code.size() && exit < 0; i++) {
            if (isExit(code, i, cell)) {
                exit = i;
            }
        }
        if (exit < 0 || !(code.get(exit + 2) instanceof MethodInsnNode init && init.name.equals("<init>")
                && init.getOpcode() == Opcodes.INVOKESPECIAL)) {
            problems.add(where + ": the prologue does not count out right before the super(...) call");
            return -1;
        }
        for (int i = enter + 2; i < exit; i++) {
            if (!coveredByAnyCatchAll(method, code, i, cell)) {
                problems.add(where + ": prologue instruction " + i + " (opcode " + code.get(i).getOpcode()
                        + ") can throw past the prologue's catch-all without counting out");
            }
        }
        if (coveredByAnyCatchAll(method, code, exit, cell) || coveredByAnyCatchAll(method, code, exit + 2, cell)) {
            problems.add(where + ": the prologue's exit or the super call is inside a catch-all");
        }
        if (!coveredByOverflowHandler(method, code, exit, cell)) {
            problems.add(where + ": the prologue's exit call is not covered by a handler that counts out without a"
                    + " call");
        }
        return exit + 2;
    }

    private static boolean followsSuperCall(List<AbstractInsnNode> code, int enter) {
        return enter >= 7 && code.get(enter - 7) instanceof MethodInsnNode init && init.name.equals("<init>");
    }

    private static boolean coveredByAnyCatchAll(MethodNode method, List<AbstractInsnNode> code, int index, Locals cell) {
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            int at = code.indexOf(next(block.handler));
            if (block.type == null && at >= 0 && isExit(code, at, cell) && code.get(at + 2).getOpcode() == Opcodes.ATHROW
                    && code.indexOf(next(block.start)) <= index && index < code.indexOf(next(block.end))) {
                return true;
            }
        }
        return false;
    }

    private static void check(MethodNode method, List<AbstractInsnNode> code, int enter, String where,
                              List<String> problems) {
        if (!(code.get(enter + 1) instanceof VarInsnNode store) || store.getOpcode() != Opcodes.ASTORE) {
            problems.add(where + ": the cell is not stored right after the enter");
            return;
        }
        Locals cell = new Locals(store.var, ((VarInsnNode) code.get(enter - 1)).var);
        if (!(enter >= 6 && code.get(enter - 6) instanceof LdcInsnNode ldc && ldc.cst instanceof Type t
                && t.getInternalName().equals(CELL) && code.get(enter - 5).getOpcode() == Opcodes.POP)) {
            problems.add(where + ": the Cell class is not resolved (ldc Cell; pop) before the enter");
        }
        for (int i = enter + 2; i < code.size(); i++) {
            if (isExit(code, i, cell) && !coveredByOverflowHandler(method, code, i, cell)) {
                problems.add(where + ": the exit call at " + i + " is not covered by a handler that counts out"
                        + " without a call");
            }
        }
        TryCatchBlockNode catchAll = catchAll(method, cell, enter);
        int handler = catchAll == null ? code.size() : code.indexOf(next(catchAll.handler));
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            int at = code.indexOf(next(block.handler));
            if (at > enter && (countsOutWithoutACall(code, at, cell) || block.type == null && isExit(code, at, cell))) {
                handler = Math.min(handler, at);
            }
        }
        Set<Integer> exitSequences = new HashSet<>();
        for (int i = enter + 2; i < handler; i++) {
            int opcode = code.get(i).getOpcode();
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                if (!isExit(code, i - 2, cell)) {
                    problems.add(where + ": a return at instruction " + i + " does not count out first");
                }
                exitSequences.add(i - 2);
                exitSequences.add(i - 1);
                exitSequences.add(i);
            }
        }
        for (int i = enter + 2; i < handler; i++) {
            boolean covered = catchAll != null && coveredByCatchAll(method, code, catchAll, i);
            if (exitSequences.contains(i) && covered) {
                problems.add(where + ": the exit sequence at " + i + " is inside the catch-all: it could count twice");
            } else if (!exitSequences.contains(i) && !covered) {
                problems.add(where + ": instruction " + i + " (opcode " + code.get(i).getOpcode() + ") can throw "
                        + (catchAll == null ? "and there is no catch-all handler that counts out and rethrows"
                                : "past the catch-all without counting out"));
            }
        }
    }

    /** The body's catch-all: one that counts out and rethrows, covering code after the body's enter. */
    private static TryCatchBlockNode catchAll(MethodNode method, Locals cell, int enter) {
        List<AbstractInsnNode> code = real(method);
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            int at = code.indexOf(next(block.handler));
            if (block.type == null && at >= 0 && isExit(code, at, cell) && code.indexOf(next(block.start)) > enter
                    && code.get(at + 2).getOpcode() == Opcodes.ATHROW) {
                return block;
            }
        }
        return null;
    }

    private static boolean coveredByCatchAll(MethodNode method, List<AbstractInsnNode> code, TryCatchBlockNode catchAll,
                                             int index) {
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (block.handler == catchAll.handler && code.indexOf(next(block.start)) <= index
                    && index < code.indexOf(next(block.end))) {
                return true;
            }
        }
        return false;
    }

    /** Whether both instructions of the exit call at {@code at} are covered by a call-free count-out. */
    private static boolean coveredByOverflowHandler(MethodNode method, List<AbstractInsnNode> code, int at, Locals cell) {
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            int handler = code.indexOf(next(block.handler));
            if (block.type == null && code.indexOf(next(block.start)) <= at && at + 1 < code.indexOf(next(block.end))
                    && countsOutWithoutACall(code, handler, cell)) {
                return true;
            }
        }
        return false;
    }

    private static boolean countsOutWithoutACall(List<AbstractInsnNode> code, int at, Locals cell) {
        int length = COUNT_OUT_WITHOUT_A_CALL.length;
        if (at < 0 || at + length > code.size()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            AbstractInsnNode insn = code.get(at + i);
            if (insn.getOpcode() != COUNT_OUT_WITHOUT_A_CALL[i] || insn instanceof FieldInsnNode field
                    && !(field.owner.equals(CELL) && field.name.equals("abruptExits"))
                    || insn instanceof VarInsnNode load && load.var != cell.cell()) {
                return false;
            }
        }
        return next(((JumpInsnNode) code.get(at + 1)).label) == code.get(at + length - 1);
    }

    private static boolean isExit(List<AbstractInsnNode> code, int at, Locals cell) {
        return at >= 0 && code.get(at) instanceof VarInsnNode load && load.getOpcode() == Opcodes.ALOAD
                && load.var == cell.entrance() && code.get(at + 1) instanceof MethodInsnNode call
                && call.owner.equals(ENTRANCE) && call.getOpcode() == Opcodes.INVOKEINTERFACE && call.name.equals("exit");
    }

    /**
     * The index of the next {@code invokeinterface Entrance.enter} (or enterInitializer) after
     * {@code Gates.entrance; dup; astore entrance}.
     */
    private static int indexOfCall(List<AbstractInsnNode> code, String name, int from) {
        for (int i = Math.max(from, 1); i < code.size(); i++) {
            if (code.get(i) instanceof MethodInsnNode call && call.owner.equals(ENTRANCE)
                    && call.getOpcode() == Opcodes.INVOKEINTERFACE
                    && (call.name.equals(name) || name.equals("enter") && call.name.equals("enterInitializer"))
                    && code.get(i - 3) instanceof MethodInsnNode lookup && lookup.owner.equals(GATES)
                    && lookup.name.equals("entrance") && code.get(i - 2).getOpcode() == Opcodes.DUP
                    && code.get(i - 1) instanceof VarInsnNode store && store.getOpcode() == Opcodes.ASTORE) {
                return i;
            }
        }
        return -1;
    }

    /** The instructions that execute: no labels, line numbers or frames. */
    private static List<AbstractInsnNode> real(MethodNode method) {
        List<AbstractInsnNode> code = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() >= 0) {
                code.add(insn);
            }
        }
        return code;
    }

    /** The first real instruction at or after a label (the end of the code if none). */
    private static AbstractInsnNode next(AbstractInsnNode insn) {
        AbstractInsnNode at = insn;
        while (at != null && at.getOpcode() < 0) {
            at = at.getNext();
        }
        return at;
    }
}
