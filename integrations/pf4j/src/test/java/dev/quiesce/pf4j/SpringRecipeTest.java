package dev.quiesce.pf4j;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleState;
import dev.quiesce.Quiesce;
import dev.quiesce.Outcome;
import dev.quiesce.pf4j.recipe.MySpringPluginManager;
import dev.quiesce.pf4j.support.Cli;
import dev.quiesce.pf4j.support.HeldCalls;
import dev.quiesce.pf4j.support.TestPlugins;
import dev.quiesce.pf4j.testapi.Greeting;
import dev.quiesce.pf4j.testapi.Lifecycle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pf4j.DefaultExtensionFactory;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginState;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The recipe on pf4j-spring's {@code SpringPluginManager} (0.9.0, Spring 5.2), as a bean of a real Spring context:
 * its stop drains. pf4j-spring's own extension factory fails on PF4J 3.15 for a plugin without the deprecated
 * {@code Plugin(PluginWrapper)} constructor (it calls {@code Plugin.getWrapper()}, null there), so the manager here
 * uses PF4J's {@code DefaultExtensionFactory}. An unload ends RETAINED, held by the Spring context, and the CLI's
 * {@code leaks} names the two holders: the extension that pf4j-spring registers as a singleton, and the extension's
 * class in the cache of classes without event listeners ({@code EventListenerMethodProcessor.nonAnnotatedClasses}),
 * which stays once the singleton is destroyed.
 */
class SpringRecipeTest {
    private static final String GREETER = "dev.quiesce.pf4j.plugins.greeter.Greeter";
    private static Path root;

    @Configuration
    static class Plugins {
        @Bean
        MySpringPluginManager pluginManager() {
            return new MySpringPluginManager(root) {
                @Override
                protected ExtensionFactory createExtensionFactory() {
                    return new DefaultExtensionFactory();
                }
            };
        }
    }

    @BeforeEach
    void reset() {
        Lifecycle.reset();
    }

    @Test
    void aStopInASpringContextWaitsForTheCallInsideThenStopRunsWithNoCallInside() throws Exception {
        root = TestPlugins.root("greeter");
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Plugins.class)) {
            MySpringPluginManager manager = context.getBean(MySpringPluginManager.class);
            assertEquals(PluginState.STARTED, manager.getPlugin("greeter").getPluginState());
            String module = manager.quiescer().moduleOf("greeter").orElseThrow();
            HeldCalls held = HeldCalls.start(manager.getExtensions(Greeting.class, "greeter").get(0), 1, "held");

            CompletableFuture<PluginState> stop = CompletableFuture.supplyAsync(() -> manager.stopPlugin("greeter"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Quiesce.module(module).orElseThrow().state() == ModuleState.DRAINING);
            assertEquals(List.of(), Lifecycle.stops(), "Plugin.stop() waits for the call inside");
            held.release();
            assertEquals(PluginState.STOPPED, stop.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("Hello, held-0!"), held.answers());
            assertEquals(List.of(new Lifecycle.Stop("greeter", 0)), Lifecycle.stops());
        }
    }

    @Test
    void anUnloadIsRetainedBySpringAndLeaksNamesBothHolders() throws Exception {
        root = TestPlugins.root("greeter");
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Plugins.class)) {
            MySpringPluginManager manager = context.getBean(MySpringPluginManager.class);
            manager.getExtensions(Greeting.class, "greeter").get(0).greet("before");
            String module = manager.quiescer().moduleOf("greeter").orElseThrow();
            assertTrue(manager.unloadPlugin("greeter"));
            assertEquals(Outcome.RETAINED, manager.quiescer().report("greeter").orElseThrow().outcome());

            Cli.Result leaks = Cli.onThisJvm("leaks", module);
            assertEquals(5, leaks.exitCode(), leaks.output());
            assertTrue(leaks.output().contains("is held by 2 paths from a GC root"), leaks.output());
            assertTrue(leaks.output().contains("AnnotationConfigApplicationContext instance"), leaks.output());
            assertTrue(leaks.output().contains(GREETER + " instance  (the module's"), leaks.output());
            assertTrue(leaks.output().contains("EventListenerMethodProcessor.nonAnnotatedClasses"), leaks.output());
        }
    }

    @Test
    void withTheSingletonDestroyedSpringsListenerCacheStillHoldsTheClass() throws Exception {
        root = TestPlugins.root("greeter");
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Plugins.class)) {
            MySpringPluginManager manager = context.getBean(MySpringPluginManager.class);
            manager.getExtensions(Greeting.class, "greeter").get(0).greet("before");
            String module = manager.quiescer().moduleOf("greeter").orElseThrow();
            ((DefaultListableBeanFactory) context.getBeanFactory()).destroySingleton(GREETER);
            assertTrue(manager.unloadPlugin("greeter"));
            assertEquals(Outcome.RETAINED, manager.quiescer().report("greeter").orElseThrow().outcome());

            Cli.Result leaks = Cli.onThisJvm("leaks", module);
            assertEquals(5, leaks.exitCode(), leaks.output());
            assertTrue(leaks.output().contains("is held by 1 path from a GC root"), leaks.output());
            assertFalse(leaks.output().contains(GREETER + " instance"), leaks.output());
            assertTrue(leaks.output().contains("EventListenerMethodProcessor.nonAnnotatedClasses"), leaks.output());
            assertTrue(leaks.output().contains(GREETER + " class  (the module's"), leaks.output());
        }
    }
}
