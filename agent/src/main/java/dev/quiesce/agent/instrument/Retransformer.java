package dev.quiesce.agent.instrument;

import dev.quiesce.agent.unload.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Retransforms loaded classes in batches, the way both the attach and a module's discovery need it: a batch that
 * fails is retried class by class, and a class that still fails is logged, handed to the caller, and left as it
 * was. Never call it from inside {@code ClassFileTransformer.transform} (the JVM's class loading and redefinition
 * locks are held there); the rewrite adds no method or field, as a retransformation requires.
 */
public final class Retransformer {
    private static final int BATCH = 64;

    private Retransformer() {
    }

    /** Returns how many classes could not be retransformed; each is passed to {@code failed} with its cause. */
    public static int retransform(Instrumentation instrumentation, List<Class<?>> classes,
                                  BiConsumer<Class<?>, Throwable> failed) {
        int failures = 0;
        for (int from = 0; from < classes.size(); from += BATCH) {
            failures += retransformBatch(instrumentation, classes.subList(from, Math.min(classes.size(), from + BATCH)),
                    failed);
        }
        return failures;
    }

    private static int retransformBatch(Instrumentation instrumentation, List<Class<?>> batch,
                                        BiConsumer<Class<?>, Throwable> failed) {
        try {
            instrumentation.retransformClasses(batch.toArray(Class<?>[]::new));
            return 0;
        } catch (Exception | LinkageError e) {
            int failures = 0;
            for (Class<?> type : batch) {
                try {
                    instrumentation.retransformClasses(type);
                } catch (Exception | LinkageError single) {
                    failures++;
                    AgentLog.LOG.log(System.Logger.Level.WARNING, "quiesce: could not retransform " + type.getName()
                            + "; it runs as it was, and its calls are not counted: " + single);
                    failed.accept(type, single);
                }
            }
            return failures;
        }
    }
}
