package dev.quiesce.agent;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The names a class file declares for itself, its superclass and its interfaces, read from its header alone. */
record ClassFileHeader(String name, String superName, List<String> interfaces) {

    /**
     * Reads a class file's header (JVMS 4.1): skips the constant pool, then resolves this_class, super_class and
     * interfaces, decoding only the names they point to. Names are binary names ({@code a.b.C}); {@code superName}
     * is null for {@code java.lang.Object} and {@code module-info}.
     *
     * @throws IOException if the bytes are not a class file
     */
    static ClassFileHeader read(byte[] classFile) throws IOException {
        try {
            if (u4(classFile, 0) != 0xCAFEBABE) {
                throw new IOException("not a class file: bad magic number");
            }
            int count = u2(classFile, 8);
            int[] offsets = new int[count];
            int at = 10;
            for (int i = 1; i < count; i++) {
                offsets[i] = at;
                int tag = classFile[at] & 0xFF;
                at += switch (tag) {
                    case 1 -> 3 + u2(classFile, at + 1);
                    case 7, 8, 16, 19, 20 -> 3;
                    case 15 -> 4;
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> 5;
                    case 5, 6 -> 9;
                    default -> throw new IOException("not a class file: constant pool tag " + tag);
                };
                if (tag == 5 || tag == 6) {
                    i++;
                }
            }
            String name = className(classFile, offsets, u2(classFile, at + 2));
            int superClass = u2(classFile, at + 4);
            String superName = superClass == 0 ? null : className(classFile, offsets, superClass);
            int interfaceCount = u2(classFile, at + 6);
            List<String> interfaces = new ArrayList<>(interfaceCount);
            for (int i = 0; i < interfaceCount; i++) {
                interfaces.add(className(classFile, offsets, u2(classFile, at + 8 + 2 * i)));
            }
            return new ClassFileHeader(name, superName, interfaces);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IOException("not a class file: truncated", e);
        }
    }

    /** The name of CONSTANT_Class {@code index}: its CONSTANT_Utf8 decoded as modified UTF-8. */
    private static String className(byte[] classFile, int[] offsets, int index) throws IOException {
        if (index <= 0 || index >= offsets.length || classFile[offsets[index]] != 7) {
            throw new IOException("not a class file: constant " + index + " is not a class");
        }
        int utf8 = offsets[u2(classFile, offsets[index] + 1)];
        if (classFile[utf8] != 1) {
            throw new IOException("not a class file: a class constant names no Utf8 constant");
        }
        int length = u2(classFile, utf8 + 1);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile, utf8 + 1, length + 2));
        return in.readUTF().replace('/', '.');
    }

    private static int u2(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }

    private static int u4(byte[] bytes, int at) {
        return u2(bytes, at) << 16 | u2(bytes, at + 2);
    }
}
