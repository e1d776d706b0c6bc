package dev.quiesce.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleInfo;
import dev.quiesce.Quiesce;
import dev.quiesce.tomcat.support.EmbeddedTomcat;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;

/**
 * The webapp's loader is a module from before its first class: the servlet Tomcat loads from it is counted, the
 * module is named after the context path and its generation, and the root context is {@code ROOT}. Each test class has paths
 * of its own: the tests share one JVM, where a second {@code /shop} would be {@code /shop#2}.
 */
class GuardedWebappTest {

    @Test
    void theServletOfTheWebappIsCountedAndEachGenerationIsNamedAfterThePath() {
        QuiesceContextListener listener = new QuiesceContextListener();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat()) {
            Context shop = tomcat.deploy("shop", "/counted", null, c -> c.addLifecycleListener(listener));
            tomcat.start();
            assertEquals("/counted", listener.module().orElseThrow());
            assertEquals("/counted", Quiesce.moduleOf(shop.getLoader().getClassLoader()).orElseThrow().id());

            long before = entrances("/counted");
            assertEquals(200, tomcat.getNow("/counted/gen").statusCode());
            assertTrue(entrances("/counted") > before, "the request's servlet code counted into /counted");

            shop.reload();
            assertEquals("/counted#2", listener.module().orElseThrow());
            assertEquals("/counted#2", Quiesce.moduleOf(shop.getLoader().getClassLoader()).orElseThrow().id());
        }
    }

    @Test
    void theRootContextIsNamedRoot() {
        QuiesceContextListener listener = new QuiesceContextListener();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat()) {
            tomcat.deploy("shop", "", null, c -> c.addLifecycleListener(listener));
            tomcat.start();
            assertTrue(listener.module().orElseThrow().matches("ROOT(#\\d+)?"), listener.module().orElseThrow());
            assertEquals(200, tomcat.getNow("/gen").statusCode());
        }
    }

    private static long entrances(String module) {
        return Quiesce.module(module).map(ModuleInfo::entrances).orElseThrow();
    }
}
