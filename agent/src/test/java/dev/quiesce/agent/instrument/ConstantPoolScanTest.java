package dev.quiesce.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.instrument.fixtures.Shapes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConstantPoolScanTest {
    private static final byte[] UNLOADABLE = ModuleClass.UNLOADABLE.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TARGET = "target".getBytes(StandardCharsets.US_ASCII);

    static byte[] classFile(Class<?> type) throws IOException {
        return classFile(type, type.getSimpleName());
    }

    /** The class file of a class in the package of {@code sibling}, by its simple binary name ({@code Outer$1}). */
    static byte[] classFile(Class<?> sibling, String simpleName) throws IOException {
        try (InputStream in = sibling.getResourceAsStream(simpleName + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void findsTheAnnotationInAnAnnotatedClassAndNotElsewhere() throws IOException {
        assertTrue(ConstantPoolScan.containsUtf8(classFile(Shapes.class), UNLOADABLE));
        assertFalse(ConstantPoolScan.containsUtf8(classFile(GuardPatternsTest.class), UNLOADABLE));
        assertFalse(ConstantPoolScan.containsUtf8(classFile(String.class), UNLOADABLE));
    }

    @Test
    void walksLongAndDoubleConstantsWhichTakeTwoEntries() {
        // pool count 6: #1 Long (and #2), #3 Double (and #4), #5 Utf8 "target"
        assertTrue(ConstantPoolScan.containsUtf8(longDoubleThenUtf8(6), TARGET));
    }

    @Test
    void stopsAtTheEndOfThePoolCountingLongAndDoubleAsTwoEntries() {
        // pool count 5: the Utf8 "target" after #4 lies outside the pool
        assertFalse(ConstantPoolScan.containsUtf8(longDoubleThenUtf8(5), TARGET));
    }

    private static byte[] longDoubleThenUtf8(int poolCount) {
        ByteArrayOutputStream classFile = new ByteArrayOutputStream();
        classFile.writeBytes(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0,
            (byte) poolCount});
        classFile.writeBytes(new byte[] {5, 1, 2, 3, 4, 5, 6, 7, 8});
        classFile.writeBytes(new byte[] {6, 1, 2, 3, 4, 5, 6, 7, 8});
        classFile.writeBytes(new byte[] {1, 0, (byte) TARGET.length});
        classFile.writeBytes(TARGET);
        return classFile.toByteArray();
    }

    @Test
    void garbageIsNotAMatch() {
        assertFalse(ConstantPoolScan.containsUtf8(new byte[] {1, 2, 3}, UNLOADABLE));
        assertFalse(ConstantPoolScan.containsUtf8(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE,
            0, 0, 0, 61, 0, 3, 99, 0, 0, 0}, UNLOADABLE));
    }
}
