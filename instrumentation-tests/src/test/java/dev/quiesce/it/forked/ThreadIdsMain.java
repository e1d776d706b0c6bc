package dev.quiesce.it.forked;

import java.lang.reflect.Field;

/**
 * Prints whether the agent's runtime reads the JVM's own thread ids ({@code ThreadIds.TRUSTED}) and sees a virtual
 * thread's carrier ({@code Carriers.CURRENT_CARRIER}, JDK 19+).
 */
public final class ThreadIdsMain {
    private ThreadIdsMain() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        Field trusted = Class.forName("dev.quiesce.agent.runtime.ThreadIds", true, null).getDeclaredField("TRUSTED");
        trusted.setAccessible(true);
        System.out.println("thread ids trusted: " + trusted.getBoolean(null));
        Field carrier = Class.forName("dev.quiesce.agent.runtime.Carriers", true, null)
                .getDeclaredField("CURRENT_CARRIER");
        carrier.setAccessible(true);
        System.out.println("carriers seen: " + (carrier.get(null) != null));
    }
}
