package dev.quiesce.agent.instrument;

/**
 * The cheap look at a class file that decides whether to parse it at all: walks the constant pool (no allocation,
 * no parse of anything else) looking for one UTF-8 constant, such as the descriptor of {@code @Unloadable}.
 */
final class ConstantPoolScan {
    private ConstantPoolScan() {
    }

    /** Whether the constant pool of {@code classFile} holds the UTF-8 constant {@code utf8} (ASCII only). */
    static boolean containsUtf8(byte[] classFile, byte[] utf8) {
        if (classFile.length < 10) {
            return false;
        }
        int count = u2(classFile, 8);
        int at = 10;
        for (int index = 1; index < count; index++) {
            int tag = classFile[at] & 0xFF;
            switch (tag) {
                case 1 -> { // Utf8
                    int length = u2(classFile, at + 1);
                    if (length == utf8.length && regionEquals(classFile, at + 3, utf8)) {
                        return true;
                    }
                    at += 3 + length;
                }
                case 7, 8, 16, 19, 20 -> at += 3; // Class, String, MethodType, Module, Package
                case 15 -> at += 4; // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> at += 5; // Integer, Float, refs, NameAndType, Dynamic
                case 5, 6 -> { // Long, Double take two entries
                    at += 9;
                    index++;
                }
                default -> {
                    return false; // not a class file we understand: leave it alone
                }
            }
        }
        return false;
    }

    private static int u2(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }

    private static boolean regionEquals(byte[] bytes, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (bytes[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
