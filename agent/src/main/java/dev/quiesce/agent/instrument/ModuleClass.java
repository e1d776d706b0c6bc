package dev.quiesce.agent.instrument;

import dev.quiesce.agent.unload.AgentLog;
import dev.quiesce.agent.unload.HookKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the rewrite needs to know about a candidate class, read in one pass that skips all code: whether it carries
 * {@code @Unloadable} and the module name it gives, and its lifecycle hooks.
 */
final class ModuleClass {
    static final String UNLOADABLE = "Ldev/quiesce/Unloadable;";

    record Hook(HookKind kind, String method) {
    }

    private final String internalName;
    private boolean annotated;
    private String moduleName;
    private final List<Hook> hooks = new ArrayList<>();
    private final Set<String> hookMethods = new HashSet<>();

    private ModuleClass(String internalName) {
        this.internalName = internalName;
    }

    static ModuleClass read(byte[] classFile, String internalName) {
        ModuleClass info = new ModuleClass(internalName);
        new ClassReader(classFile).accept(info.new Reader(), ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG
                | ClassReader.SKIP_FRAMES);
        return info;
    }

    boolean annotated() {
        return annotated;
    }

    /** The {@code @Unloadable} value; null or empty when the loader's name is to be used. */
    String moduleName() {
        return moduleName;
    }

    List<Hook> hooks() {
        return hooks;
    }

    /** Whether a method (name + descriptor) is a hook, and so not an entry point. */
    boolean isHook(String name, String descriptor) {
        return hookMethods.contains(name + descriptor);
    }

    private final class Reader extends ClassVisitor {
        Reader() {
            super(Opcodes.ASM9);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            if (!UNLOADABLE.equals(descriptor)) {
                return null;
            }
            annotated = true;
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visit(String name, Object value) {
                    if ("value".equals(name) && value instanceof String s) {
                        moduleName = s.trim();
                    }
                }
            };
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    HookKind kind = HookKind.ofAnnotation(annotation);
                    if (kind != null) {
                        addHook(kind, access, name, descriptor);
                    }
                    return null;
                }
            };
        }
    }

    private void addHook(HookKind kind, int access, String name, String descriptor) {
        if ((access & Opcodes.ACC_STATIC) == 0 || !descriptor.startsWith("()")) {
            AgentLog.LOG.log(System.Logger.Level.WARNING, "quiesce: {0} on {1}.{2}{3} ignored: a hook must be a static method"
                    + " with no parameters", kind.label(), internalName.replace('/', '.'), name, descriptor);
            return;
        }
        hooks.add(new Hook(kind, name));
        hookMethods.add(name + descriptor);
    }
}
