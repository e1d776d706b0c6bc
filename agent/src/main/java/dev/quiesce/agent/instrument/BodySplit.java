package dev.quiesce.agent.instrument;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Which methods of a class loading for the first time are split into a counted method and an uncounted copy of
 * its body ({@link SplitMethod}), and what the copy is called. Split: the private methods with code (static or
 * not, lambda bodies included) that are no lifecycle hook and not synchronized, of a class that is no interface.
 * The copy is {@code private synthetic}, static if the method is, named {@link #copyName}. Only private methods,
 * because the class's own calls of them are what the split speeds up ({@link DirectCalls}), and every other
 * method keeps one frame per call: a library that finds its caller by stack depth ({@code StackWalker}, Log4j's
 * {@code LogManager.getLogger()}) sees the frames it saw without the agent when it is entered through a method that
 * is not private. A class is split only as it loads: a retransformation can add no method, so a class loaded
 * before it became module code keeps the plain rewrite ({@link EntryPointAdapter}), and a split class is split
 * again the same way when retransformed ({@link SplitClasses}). Proved by {@code SplitEntryPointRewriterTest},
 * {@code ModuleTransformerTest} and {@code BodySplitTest}.
 */
final class BodySplit {
    private static final String PREFIX = "quiesce$";
    /** Split if private and none of these (a bridge is never private; a synchronized body must stay locked). */
    private static final int NOT_SPLIT = Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE
            | Opcodes.ACC_SYNCHRONIZED;

    private final String owner;
    /** Declared methods by name + descriptor: their access flags. */
    private final Map<String, Integer> methods;
    private final boolean splits;
    private final ModuleClass info;

    private BodySplit(String owner, Map<String, Integer> methods, boolean splits, ModuleClass info) {
        this.owner = owner;
        this.methods = methods;
        this.splits = splits;
        this.info = info;
    }

    /** The plan for {@code classFile}; none of its methods is split unless {@code split}. */
    static BodySplit of(byte[] classFile, ModuleClass info, boolean split) {
        Map<String, Integer> methods = new HashMap<>();
        int[] classAccess = new int[1];
        String[] name = new String[1];
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String className, String signature, String superName,
                              String[] interfaces) {
                classAccess[0] = access;
                name[0] = className;
            }

            @Override
            public MethodVisitor visitMethod(int access, String methodName, String descriptor, String signature,
                                             String[] exceptions) {
                methods.put(methodName + descriptor, access);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        boolean splits = split && (classAccess[0] & Opcodes.ACC_INTERFACE) == 0;
        return new BodySplit(name[0], methods, splits, info);
    }

    /** Whether the method declared with these is split (and its copy's name is free). */
    boolean splits(int access, String name, String descriptor) {
        return splits && (access & (NOT_SPLIT | Opcodes.ACC_PRIVATE)) == Opcodes.ACC_PRIVATE && name.charAt(0) != '<'
                && !info.isHook(name, descriptor)
                && !methods.containsKey(copyName(name) + descriptor);
    }

    /** Whether any method is split. */
    boolean any() {
        return splits && methods.entrySet().stream().anyMatch(method -> {
            String key = method.getKey();
            int paren = key.indexOf('(');
            return splits(method.getValue(), key.substring(0, paren), key.substring(paren));
        });
    }

    static String copyName(String name) {
        return PREFIX + name;
    }

    /** The class's internal name. */
    String owner() {
        return owner;
    }

    /**
     * The copy a call from this class's own code goes to straight, or null: a call of a private method declared
     * here and split ({@code invokestatic} of a static one, {@code invokespecial} or, since nestmates,
     * {@code invokevirtual} of an instance one), which no other method can be.
     */
    String directTarget(int opcode, String callOwner, String name, String descriptor, boolean isInterface) {
        if (isInterface || !owner.equals(callOwner)) {
            return null;
        }
        Integer access = methods.get(name + descriptor);
        if (access == null || !splits(access, name, descriptor)) {
            return null;
        }
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        return isStatic == (opcode == Opcodes.INVOKESTATIC) ? copyName(name) : null;
    }
}
