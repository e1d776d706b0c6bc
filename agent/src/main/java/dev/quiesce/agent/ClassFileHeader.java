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
     * interfaces. Names are binary names ({@code a.b.C}); {@code superName} is null for {@code java.lang.Object}
     * and {@code module-info}.
     *
     * @throws IOException if the bytes are not a class file
     */
    static ClassFileHeader read(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file: bad magic number");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("not a class file: constant pool tag " + tag);
            }
        }
        in.readUnsignedShort();
        String name = className(utf8, classNameIndex, in.readUnsignedShort());
        int superClass = in.readUnsignedShort();
        String superName = superClass == 0 ? null : className(utf8, classNameIndex, superClass);
        int interfaceCount = in.readUnsignedShort();
        List<String> interfaces = new ArrayList<>(interfaceCount);
        for (int i = 0; i < interfaceCount; i++) {
            interfaces.add(className(utf8, classNameIndex, in.readUnsignedShort()));
        }
        return new ClassFileHeader(name, superName, interfaces);
    }

    private static String className(String[] utf8, int[] classNameIndex, int index) throws IOException {
        if (index <= 0 || index >= classNameIndex.length || utf8[classNameIndex[index]] == null) {
            throw new IOException("not a class file: constant " + index + " is not a class");
        }
        return utf8[classNameIndex[index]].replace('/', '.');
    }
}
