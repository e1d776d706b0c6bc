package dev.quiesce.testplugins;

import dev.quiesce.Unloadable;

/** Annotated, but put on the application class path by a test: it must be reported as never a module. */
@Unloadable("on-class-path")
public class AppLoaderMarked {
    public String hi() {
        return "hi";
    }
}
