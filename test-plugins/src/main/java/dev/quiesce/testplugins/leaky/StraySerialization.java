package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Serialises an object of its own class and reads it back, which fills {@code ObjectStreamClass}'s caches. Since JDK
 * 17.0.4 those are ClassValues, which hold nothing: the one module here that leaves nothing behind.
 */
@Unloadable("stray-serialization")
public class StraySerialization {
    public void start() throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Snapshot(42));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.readObject();
        }
    }

    private static final class Snapshot implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int value;

        Snapshot(int value) {
            this.value = value;
        }
    }
}
