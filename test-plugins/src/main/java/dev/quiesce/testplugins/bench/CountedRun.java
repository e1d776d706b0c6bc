package dev.quiesce.testplugins.bench;

import dev.quiesce.Unloadable;
import java.util.function.Consumer;

/** A module entry point that runs the caller's task inside the module: a thread parked in the task is inside. */
@Unloadable("parked")
public class CountedRun implements Consumer<Runnable> {
    @Override
    public void accept(Runnable task) {
        task.run();
    }
}
