package dev.quiesce.agent.instrument;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;

/**
 * Splits one private method into a counted method and an uncounted copy of its body. The counted one keeps the
 * method's name, descriptor, access, signature, exceptions, annotations and parameters, so every path that reaches
 * the method from outside its class's code (a lambda's or method reference's handle, a nestmate, reflection,
 * serialization) reaches it counted ({@link EntryPointAdapter}); its code calls the copy with the same arguments
 * and returns what it returns, at the body's first line, so a stack trace shows the counted frame with that line
 * below the copy's. The copy ({@link BodySplit#copyName}, {@code private synthetic}, static if the method is) holds
 * the original code, with the executors' submissions rewritten ({@link CallSiteRewriter}) and the class's calls of
 * split methods made straight to their copies ({@link DirectCalls}). Code goes to the copy, the method's
 * annotations and attributes to the counted method.
 */
final class SplitMethod extends MethodVisitor {
    private final MethodVisitor wrapper;
    private final BodySplit split;
    private final int access;
    private final String name;
    private final String descriptor;
    private int firstLine;

    private SplitMethod(MethodVisitor copy, MethodVisitor wrapper, BodySplit split, int access, String name,
                        String descriptor) {
        super(Opcodes.ASM9, copy);
        this.wrapper = wrapper;
        this.split = split;
        this.access = access;
        this.name = name;
        this.descriptor = descriptor;
    }

    /** The visitor for the method's original code, which writes the wrapper (counted in {@code slot}) and the copy. */
    static MethodVisitor of(ClassVisitor writer, BodySplit split, int slot, boolean emitFrames, boolean dynamic,
                            int access, String name, String descriptor, String signature, String[] exceptions) {
        int copyAccess = Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC
                | (access & (Opcodes.ACC_STATIC | Opcodes.ACC_STRICT));
        MethodVisitor copy = new DirectCalls(CallSites.rewriting(writer.visitMethod(copyAccess,
                BodySplit.copyName(name), descriptor, signature, exceptions), slot, dynamic), split);
        MethodVisitor wrapper = new EntryPointAdapter(writer.visitMethod(access, name, descriptor, signature,
                exceptions), access, name, descriptor, slot, emitFrames, null);
        return new SplitMethod(copy, wrapper, split, access, name, descriptor);
    }

    @Override
    public void visitParameter(String parameterName, int parameterAccess) {
        wrapper.visitParameter(parameterName, parameterAccess);
    }

    @Override
    public AnnotationVisitor visitAnnotationDefault() {
        return wrapper.visitAnnotationDefault();
    }

    @Override
    public AnnotationVisitor visitAnnotation(String annotationDescriptor, boolean visible) {
        return wrapper.visitAnnotation(annotationDescriptor, visible);
    }

    @Override
    public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String annotationDescriptor,
                                                 boolean visible) {
        return wrapper.visitTypeAnnotation(typeRef, typePath, annotationDescriptor, visible);
    }

    @Override
    public void visitAnnotableParameterCount(int parameterCount, boolean visible) {
        wrapper.visitAnnotableParameterCount(parameterCount, visible);
    }

    @Override
    public AnnotationVisitor visitParameterAnnotation(int parameter, String annotationDescriptor, boolean visible) {
        return wrapper.visitParameterAnnotation(parameter, annotationDescriptor, visible);
    }

    @Override
    public void visitAttribute(Attribute attribute) {
        wrapper.visitAttribute(attribute);
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        if (firstLine == 0) {
            firstLine = line;
        }
        super.visitLineNumber(line, start);
    }

    @Override
    public void visitEnd() {
        super.visitEnd();
        writeWrapper();
    }

    /** {@code return copy(this, args...)}, counted. */
    private void writeWrapper() {
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        wrapper.visitCode();
        if (firstLine > 0) {
            Label line = new Label();
            wrapper.visitLabel(line);
            wrapper.visitLineNumber(firstLine, line);
        }
        int local = 0;
        if (!isStatic) {
            wrapper.visitVarInsn(Opcodes.ALOAD, local++);
        }
        for (Type argument : Type.getArgumentTypes(descriptor)) {
            wrapper.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), local);
            local += argument.getSize();
        }
        wrapper.visitMethodInsn(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL, split.owner(),
                BodySplit.copyName(name), descriptor, false);
        Type returned = Type.getReturnType(descriptor);
        wrapper.visitInsn(returned.getOpcode(Opcodes.IRETURN));
        wrapper.visitMaxs(Math.max(local, returned.getSize()), local);
        wrapper.visitEnd();
    }
}
