package dev.quiesce.it.forked;

/** Loads an {@code @Unloadable} class from the application class path, where it can never be unloaded. */
public final class AppLoaderMain {
    private AppLoaderMain() {
    }

    public static void main(String[] args) throws Exception {
        Object marked = Class.forName("dev.quiesce.testplugins.AppLoaderMarked").getConstructor().newInstance();
        System.out.println("app-loader class says " + marked.getClass().getMethod("hi").invoke(marked));
    }
}
