package dev.quiesce.devserver;

import dev.quiesce.ModuleInfo;
import dev.quiesce.Quiesce;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns jar changes into deployments. A new or changed jar is loaded as a new generation; only once it loaded does
 * its route switch to it, atomically, and the old generation go to {@link Unloads}. A jar that fails to load leaves
 * the serving generation serving. A removed jar's route stops, then its generation is unloaded.
 */
final class Redeployer implements JarPoller.Changes {
    /** The last failed load of a jar. */
    record Failure(String jar, Instant at, String reason) {
    }

    static final String STATUS_ROUTE = "quiesce";

    private final GenerationLoader loader;
    private final Routes routes;
    private final Unloads unloads;
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    Redeployer(GenerationLoader loader, Routes routes, Unloads unloads) {
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
