package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.it.support.CliRun;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The CLI runs from the agent jar with {@code java -jar}, where the bootstrap classes (the API, runtime, unload,
 * control, jfr, leaks) are not: they are in the nested bootstrap jar. It may use the control package's compile-time
 * constants ({@code WireNames}, {@code ModuleControlMXBean.OBJECT_NAME}), which javac copies in, and nothing else of
 * it: no CLI class uses a class of the bootstrap jar in its code, fields or methods. (javac leaves an unused constant
 * pool entry for the class it copied constants from, which the JVM never resolves.)
 */
class CliClassesTest {
    private static final Pattern BOOTSTRAP_CLASS = Pattern.compile(
            "dev/quiesce/(agent/(runtime|unload|control|jfr|leaks)/|spi/|[A-Z]).*");

    @Test
    void noCliClassUsesABootstrapClass() throws Exception {
        Set<String> used = new TreeSet<>();
        int cliClasses = 0;
        try (JarFile jar = new JarFile(System.getProperty("quiesce.agentJar"))) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().startsWith("dev/quiesce/agent/cli/") && entry.getName().endsWith(".class")) {
                    cliClasses++;
                    new ClassReader(jar.getInputStream(entry).readAllBytes()).accept(new Uses(used), 0);
                }
            }
        }
        assertTrue(cliClasses > 10, "too few CLI classes in the agent jar: " + cliClasses);
        assertTrue(used.contains("javax/management/openmbean/CompositeData"), "the scan sees the CLI's uses: " + used);
        assertEquals(Set.of(), used.stream().filter(c -> BOOTSTRAP_CLASS.matcher(c).matches())
                .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aCommandRunsFromTheJarAlone() throws Exception {
        CliRun.Result help = CliRun.process("unload", "--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().contains("\n  6  calls were still inside"), help.toString());
    }

    /** Collects the classes a class uses: its supertypes, member types, and what its code names. */
    private static final class Uses extends ClassVisitor {
        private final Set<String> used;

        Uses(Set<String> used) {
            super(Opcodes.ASM9);
            this.used = used;
        }

        private void type(Type type) {
            Type t = type.getSort() == Type.ARRAY ? type.getElementType() : type;
            if (t.getSort() == Type.OBJECT) {
                used.add(t.getInternalName());
            } else if (t.getSort() == Type.METHOD) {
                type(t.getReturnType());
                for (Type argument : t.getArgumentTypes()) {
                    type(argument);
                }
            }
        }

        private void constant(Object value) {
            if (value instanceof Type t) {
                type(t);
            } else if (value instanceof Handle h) {
                used.add(h.getOwner());
                type(Type.getType(h.getDesc()));
            }
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            if (superName != null) {
                used.add(superName);
            }
            used.addAll(java.util.List.of(interfaces));
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            type(Type.getType(descriptor));
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            type(Type.getMethodType(descriptor));
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitTypeInsn(int opcode, String type) {
                    type(Type.getObjectType(type));
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String name, String fieldDescriptor) {
                    used.add(owner);
                    type(Type.getType(fieldDescriptor));
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String methodDescriptor,
                                            boolean isInterface) {
                    type(Type.getObjectType(owner));
                    type(Type.getMethodType(methodDescriptor));
                }

                @Override
                public void visitInvokeDynamicInsn(String name, String methodDescriptor, Handle bootstrap,
                                                   Object... arguments) {
                    type(Type.getMethodType(methodDescriptor));
                    constant(bootstrap);
                    for (Object argument : arguments) {
                        constant(argument);
                    }
                }

                @Override
                public void visitLdcInsn(Object value) {
                    constant(value);
                }

                @Override
                public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
                    type(Type.getType(descriptor));
                }

                @Override
                public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                    if (type != null) {
                        used.add(type);
                    }
                }
            };
        }
    }
}
