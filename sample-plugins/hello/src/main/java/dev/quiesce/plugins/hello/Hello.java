package dev.quiesce.plugins.hello;

import dev.quiesce.OnUnload;
import dev.quiesce.Unloadable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * The fast plugin: answers at once with the greeting in its jar's {@code greeting.txt}, so editing that file and
 * replacing the jar shows a redeploy. It refuses to answer once torn down: with Quiesce no call ever gets in then.
 */
@Unloadable("hello")
public class Hello implements Function<Map<String, String>, String> {
    private static final String GREETING = readGreeting();
    private static volatile boolean open = true;

    @Override
    public String apply(Map<String, String> request) {
        if (!open) {
            throw new IllegalStateException("hello was torn down, yet a call got in");
        }
        return GREETING + ", " + request.getOrDefault("param.name", "world") + "!\n";
    }

    @OnUnload
    static void close() {
        open = false;
    }

    private static String readGreeting() {
        try (InputStream in = Hello.class.getResourceAsStream("/greeting.txt")) {
            return in == null ? "Hello" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
