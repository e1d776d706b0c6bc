package dev.quiesce.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.instrument.fixtures.Blocks;
import dev.quiesce.agent.instrument.fixtures.Greeting;
import dev.quiesce.agent.instrument.fixtures.Paths;
import dev.quiesce.agent.instrument.fixtures.Shapes;
import dev.quiesce.agent.instrument.fixtures.Unannotated;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Every rewritten entry point counts out exactly once on every return and throw path (checked from the bytecode by
 * {@link ExitPaths}), and every rewritten class passes ASM's verifier. The JVM's own verifier runs on them in
 * {@link EntryPointRewriterTest}, which loads and calls them.
 */
class ExitPathsTest {

    @Test
    void everyEntryPointOfEveryShapeCountsOutOnEveryPath() throws IOException {
        List<String> checked = new ArrayList<>();
        List<byte[]> originals = new ArrayList<>();
        for (Class<?> type : List.of(Shapes.class, Greeting.class, Blocks.class, Paths.class, Unannotated.class)) {
            originals.add(ConstantPoolScanTest.classFile(type));
        }
        for (String nested : List.of("$1", "$Inner")) {
            originals.add(ConstantPoolScanTest.classFile(Paths.class, Paths.class.getSimpleName() + nested));
        }
        originals.add(FlexibleConstructor.classFile());
        for (byte[] original : originals) {
            byte[] rewritten = rewrite(original);
            String name = new ClassReader(original).getClassName();
            assertEquals(List.of(), ExitPaths.check(rewritten, checked), name);
            assertEquals("", verify(rewritten), name + " does not pass ASM's verifier");
        }
        assertTrue(checked.containsAll(List.of(
                "<init>()V", "<init>(Ljava/lang/String;)V",          // constructors, one delegating with this(...)
                "twice(J)J", "half(D)D",                             // static, long and double returns
                "locked(I)I", "synchronizedBlock(I)I",               // synchronized method and block
                "tryFinally()I", "nestedTry(Ljava/lang/String;)Ljava/lang/String;", "earlyReturns(I)I",
                "neverReturns()V",                                   // only ever throws
                "tryWithResources(Ljava/lang/String;)Ljava/lang/String;", "stringSwitch(Ljava/lang/String;)I",
                "greet(Ljava/lang/String;)Ljava/lang/String;",       // an interface's default method
                "notAnEntryPoint()I", "secret()Ljava/lang/String;",  // private methods
                "handle()Ljava/lang/String;",                        // a protected override
                "<clinit>()V",                                       // a static initialiser
                "run()V", "call()Ljava/lang/String;",                // anonymous and inner classes
                "help()Ljava/lang/String;",                          // a class without the annotation
                "<init>(Z)V")),                                      // code before super()
                checked.toString());
        assertTrue(checked.stream().anyMatch(m -> m.startsWith("lambda$")), "lambda bodies are counted");
        assertFalse(checked.stream().anyMatch(m -> m.startsWith("hook")), "hooks are not: the unload counts them in");
        assertFalse(checked.contains("call()Ljava/lang/Object;"), "bridges are not: they call what they bridge");
    }

    @Test
    void aPrologueWithoutItsCatchAllIsCaught() {
        ClassNode broken = new ClassNode();
        new ClassReader(rewrite(FlexibleConstructor.classFile())).accept(broken, 0);
        broken.methods.forEach(m -> m.tryCatchBlocks.removeIf(block -> block.type == null
                && !isOverflowHandler(block))); // the prologue's catch-all: the body after super() has none
        ClassWriter writer = new ClassWriter(0);
        broken.accept(writer);
        List<String> problems = ExitPaths.check(writer.toByteArray(), new ArrayList<>());
        assertTrue(problems.stream().anyMatch(p -> p.contains("<init>(Z)V: prologue instruction")
                && p.contains("past the prologue's catch-all")), problems.toString());
    }

    @Test
    void aRewriteWithoutItsCatchAllIsCaught() throws IOException {
        ClassNode broken = new ClassNode();
        new ClassReader(rewrite(Shapes.class)).accept(broken, 0);
        broken.methods.forEach(m -> m.tryCatchBlocks.removeIf(block -> block.type == null));
        ClassWriter writer = new ClassWriter(0);
        broken.accept(writer);
        List<String> problems = ExitPaths.check(writer.toByteArray(), new ArrayList<>());
        assertTrue(problems.stream().anyMatch(p -> p.contains("half(D)D: instruction") && p.contains("no catch-all handler")), problems.toString());
    }

    @Test
    void aRewriteWithoutItsOverflowHandlerIsCaught() throws IOException {
        ClassNode broken = new ClassNode();
        new ClassReader(rewrite(Shapes.class)).accept(broken, 0);
        broken.methods.forEach(m -> m.tryCatchBlocks.removeIf(block -> block.handler.getNext() != null
                && isOverflowHandler(block)));
        ClassWriter writer = new ClassWriter(0);
        broken.accept(writer);
        List<String> problems = ExitPaths.check(writer.toByteArray(), new ArrayList<>());
        assertTrue(problems.stream().anyMatch(p -> p.contains("half(D)D: the exit call at")
                && p.contains("not covered by a handler that counts out without a call")), problems.toString());
    }

    @Test
    void anOverflowHandlerWithoutItsNullCheckIsCaught() throws IOException {
        ClassNode broken = new ClassNode();
        new ClassReader(rewrite(Shapes.class)).accept(broken, 0);
        for (MethodNode method : broken.methods) {
            for (TryCatchBlockNode block : method.tryCatchBlocks) {
                if (isOverflowHandler(block)) { // aload cell; ifnull T; ... becomes the nested call's NPE: aload; ...
                    AbstractInsnNode load = first(block.handler);
                    method.instructions.remove(load.getNext());
                    method.instructions.remove(load);
                }
            }
        }
        ClassWriter writer = new ClassWriter(0);
        broken.accept(writer);
        List<String> problems = ExitPaths.check(writer.toByteArray(), new ArrayList<>());
        assertTrue(problems.stream().anyMatch(p -> p.contains("half(D)D: the exit call at")
                && p.contains("not covered by a handler that counts out without a call")), problems.toString());
    }

    /** The overflow handler is the only one whose code starts by checking the cell for null. */
    private static boolean isOverflowHandler(TryCatchBlockNode block) {
        AbstractInsnNode first = first(block.handler);
        return first.getOpcode() == Opcodes.ALOAD && first.getNext().getOpcode() == Opcodes.IFNULL;
    }

    private static AbstractInsnNode first(AbstractInsnNode from) {
        AbstractInsnNode first = from;
        while (first.getOpcode() < 0) {
            first = first.getNext();
        }
        return first;
    }

    private static byte[] rewrite(Class<?> type) throws IOException {
        return rewrite(ConstantPoolScanTest.classFile(type));
    }

    private static byte[] rewrite(byte[] original) {
        return EntryPointRewriter.rewrite(original, 7, ModuleClass.read(original, "fixture"));
    }

    private static String verify(byte[] classFile) {
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classFile), ExitPathsTest.class.getClassLoader(), false,
                new PrintWriter(problems));
        return problems.toString();
    }
}
