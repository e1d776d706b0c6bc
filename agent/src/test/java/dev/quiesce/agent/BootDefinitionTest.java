package dev.quiesce.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.AbstractCollection;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.junit.jupiter.api.Test;

class BootDefinitionTest {

    @Test
    void aHeaderNamesTheClassItsSuperclassAndItsInterfaces() throws IOException {
        ClassFileHeader header = ClassFileHeader.read(classFile(ArrayList.class));
        assertEquals(new ClassFileHeader("java.util.ArrayList", "java.util.AbstractList", List.of("java.util.List",
                "java.util.RandomAccess", "java.lang.Cloneable", "java.io.Serializable")), header);
        assertEquals(null, ClassFileHeader.read(classFile(Object.class)).superName());
    }

    @Test
    void eachClassComesAfterItsSupertypesWhateverTheJarOrder() throws IOException {
        Map<String, byte[]> classFiles = new LinkedHashMap<>();
        for (Class<?> type : List.of(ArrayList.class, RandomAccess.class, AbstractList.class, List.class,
                AbstractCollection.class, Collection.class)) {
            classFiles.put(type.getName(), classFile(type));
        }
        List<String> order = BootDefinition.supertypeOrder(classFiles);
        assertEquals(classFiles.size(), order.size(), order.toString());
        assertBefore(order, AbstractCollection.class, AbstractList.class);
        assertBefore(order, AbstractList.class, ArrayList.class);
        assertBefore(order, Collection.class, List.class);
        assertBefore(order, List.class, AbstractList.class);
        assertBefore(order, RandomAccess.class, ArrayList.class);
    }

    @Test
    void aClassFileUnderAnotherNameIsRefused() throws IOException {
        IOException e = assertThrows(IOException.class,
                () -> BootDefinition.supertypeOrder(Map.of("a.B", classFile(ArrayList.class))));
        assertEquals("a.B's class file declares java.util.ArrayList", e.getMessage());
        assertThrows(IOException.class, () -> ClassFileHeader.read(new byte[] {1, 2, 3, 4, 0, 0, 0, 0}));
    }

    private static void assertBefore(List<String> order, Class<?> first, Class<?> then) {
        assertTrue(order.indexOf(first.getName()) < order.indexOf(then.getName()), first + " before " + then + ": "
                + order);
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }
}
