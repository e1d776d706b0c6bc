package dev.quiesce.testplugins.bench;

import java.util.function.Consumer;

/** {@link CountedRun}'s body, not a module: the baseline of the parked-threads measurement. */
public class PlainRun implements Consumer<Runnable> {
    @Override
    public void accept(Runnable task) {
        task.run();
    }
}
