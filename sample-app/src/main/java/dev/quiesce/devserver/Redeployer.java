package dev.quiesce.devserver;

import dev.quiesce.ModuleInfo;
import dev.quiesce.Quiesce;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns jar changes into deployments. A new or changed jar is loaded as a new generation; only once it loaded does
 * its route switch to it, atomically, and the old generation go to {@link Unloads}. A jar that fails to load leaves
 * the serving generation serving. A removed jar's route stops, then its generation is unloaded. After an operator
 * unloaded a serving generation, the jar is loaded again, or the route stops if it cannot be.
 */
final class Redeployer implements JarPoller.Changes {
    /** The last failed load of a jar. */
    record Failure(String jar, Instant at, String reason) {
    }

    static final String STATUS_ROUTE = "quiesce";

    private final Path plugins;
    private final GenerationLoader loader;
    private final Routes routes;
    private final Unloads unloads;
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    Redeployer(Path plugins, GenerationLoader loader, Routes routes, Unloads unloads) {
        this.plugins = plugins;
        this.loader = loader;
        this.routes = routes;
        this.unloads = unloads;
    }

    @Override
    public void changed(String jar, Path path) {
        String route = routeOf(jar);
        if (route.equals(STATUS_ROUTE)) {
            fail(jar, "/" + STATUS_ROUTE + " is the server's status page: rename the jar", null);
            return;
        }
        Generation next;
        try {
            next = loader.load(route, path);
        } catch (GenerationLoader.LoadFailure e) {
            fail(jar, e.getMessage(), routes.serving(route));
            return;
        }
        failures.remove(jar);
        Generation old = routes.switchTo(next);
        if (old == null) {
            Log.say("deploy", jar + ": " + next.module() + " serves /" + route + "/");
            return;
        }
        Log.say("deploy", jar + " changed: " + next.module() + " serves /" + route + "/ from now on; unloading "
                + old.module() + " (" + inFlight(old) + " request(s) in flight)");
        unloads.start(old.module());
    }

    @Override
    public void removed(String jar) {
        failures.remove(jar);
        Generation old = routes.remove(routeOf(jar));
        if (old != null) {
            Log.say("deploy", jar + " removed: /" + old.route() + "/ is no longer served; unloading " + old.module()
                    + " (" + inFlight(old) + " request(s) in flight)");
            unloads.start(old.module());
        }
    }

    /**
     * Puts a route right after an operator unloaded its generation: if that generation still serves it, loads the
     * jar again as a new generation, or, if the jar is gone or does not load, stops the route with its 404 saying
     * why. Returns what became of the route, completing "/route/ is ...". Call on the thread that reports the poller's changes, so the two
     * never race.
     */
    String afterOperatorUnload(Generation gone) {
        String route = gone.route();
        if (!routes.isServing(gone)) {
            Generation now = routes.serving(route); // its jar changed or went since
            return now == null ? "not served" : "served by " + now.module();
        }
        Path path = plugins.resolve(gone.jar());
        String why;
        if (Files.isRegularFile(path)) {
            try {
                Generation next = loader.load(route, path);
                failures.remove(gone.jar());
                routes.switchTo(next);
                return "served by " + next.module() + ", reloaded from " + gone.jar();
            } catch (GenerationLoader.LoadFailure e) {
                failures.put(gone.jar(), new Failure(gone.jar(), Instant.now(), e.getMessage()));
                why = gone.jar() + " did not load again: " + e.getMessage();
            }
        } else {
            why = gone.jar() + " is no longer in the plugins directory";
        }
        routes.drop(gone, "no plugin serves /" + route + "/: an operator unloaded " + gone.module() + ", and " + why
                + "; put a good " + gone.jar() + " in the plugins directory");
        return "no longer served: " + why;
    }

    /** The last failed load of each jar that has not loaded since. */
    Map<String, Failure> failures() {
        return Map.copyOf(failures);
    }

    static String routeOf(String jar) {
        return jar.substring(0, jar.length() - ".jar".length());
    }

    private void fail(String jar, String reason, Generation serving) {
        failures.put(jar, new Failure(jar, Instant.now(), reason));
        Log.say("deploy", jar + " not deployed: " + reason + "; "
                + (serving == null ? "nothing serves /" + routeOf(jar) + "/"
                        : serving.module() + " keeps serving /" + serving.route() + "/"));
    }

    private static long inFlight(Generation generation) {
        return Quiesce.module(generation.module()).map(ModuleInfo::inFlight).orElse(0L);
    }
}
