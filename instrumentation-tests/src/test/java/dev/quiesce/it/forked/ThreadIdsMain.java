package dev.quiesce.it.forked;

import java.lang.reflect.Field;

/** Prints whether the agent's runtime reads the JVM's own thread ids ({@code ThreadIds.TRUSTED}). */
public final class ThreadIdsMain {
    private ThreadIdsMain() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        Field trusted = Class.forName("dev.quiesce.agent.runtime.ThreadIds", true, null).getDeclaredField("TRUSTED");
        trusted.setAccessible(true);
        System.out.println("thread ids trusted: " + trusted.getBoolean(null));
    }
}
