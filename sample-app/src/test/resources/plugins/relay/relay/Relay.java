package relay;

import dev.quiesce.ModuleInfo;
import dev.quiesce.Quiesce;
import dev.quiesce.Unloadable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * A test plugin that does part of its work, then makes a call that Quiesce may refuse. Each request appends
 * "{@code <generation> began}" to {@code <work>/log} ({@code ?work=}), waits until {@code <work>/go} exists, then,
 * with {@code ?via=callee}, calls {@link Callee}, a module of its own in a class loader of its own over this jar,
 * or, with {@code ?via=thread}, calls its own {@link #echo} on a thread it starts (carried: admitted while this
 * module drains). A refusal there is rethrown as it is.
 */
@Unloadable("relay")
public class Relay implements Function<Map<String, String>, String> {
    private static final String GENERATION = Quiesce.moduleOf(Relay.class.getClassLoader())
            .map(ModuleInfo::id).orElse("relay");
    private static final long GO_TIMEOUT_MILLIS = 30_000;

    private final Function<Map<String, String>, String> callee;

    @SuppressWarnings("unchecked")
    public Relay() throws ReflectiveOperationException {
        URL jar = Relay.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader own = new URLClassLoader("callee", new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        callee = (Function<Map<String, String>, String>) own.loadClass("relay.Callee").getConstructor().newInstance();
    }

    @Override
    public String apply(Map<String, String> request) {
        Path work = Path.of(request.get("param.work"));
        try {
            Files.writeString(work.resolve("log"), GENERATION + " began\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            // Inline, not a method of its own: every method of a module counts as a call, and the test expects
            // this request to be one call in flight.
            Path go = work.resolve("go");
            long deadline = System.currentTimeMillis() + GO_TIMEOUT_MILLIS;
            while (!Files.exists(go)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("no " + go + " after " + GO_TIMEOUT_MILLIS + " ms");
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + go, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String answer = "callee".equals(request.get("param.via")) ? callee.apply(request) : onAnotherThread();
        return GENERATION + " relayed: " + answer + "\n";
    }

    /** Called back on another thread: a call into this module, admitted while it drains if that thread is carried. */
    public String echo() {
        return "echo from " + GENERATION;
    }

    private String onAnotherThread() {
        FutureTask<String> task = new FutureTask<>(this::echo);
        new Thread(task, "relay-helper").start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the helper thread", e);
        }
    }
}
