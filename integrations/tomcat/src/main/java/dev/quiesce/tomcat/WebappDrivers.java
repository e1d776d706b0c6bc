package dev.quiesce.tomcat;

import dev.quiesce.UnloadReport;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;

/**
 * The JDBC drivers a webapp's loader registered with {@code DriverManager} and has not deregistered, listed in its
 * stop before the loader's own stop, which deregisters them (with Tomcat's warning) before Quiesce's leak scan
 * could see them. {@code DriverManager} lists to a caller only the drivers its class loader sees, and a webapp
 * loader's parents do not see the webapp's classes, so the list is taken from inside the webapp, as Tomcat's
 * {@code JdbcLeakPrevention} is: a copy of {@link DriverNames} is defined in the webapp's loader, in the package
 * of one of the webapp's own classes, through a lookup in that class ({@link MethodHandles#privateLookupIn}: the
 * unnamed module of a webapp loader is open to everyone), and goes with the loader. It is a class of the module,
 * called on the stopping thread, which the teardown counts in. A webapp with no servlet or listener class of its
 * own (a JSP-only webapp) has no class to look up in: its drivers are not listed. {@code LeakyWebappTest}.
 */
final class WebappDrivers {
    private static final String TEMPLATE = "dev/quiesce/tomcat/DriverNames";
    /** The copy's simple name, in the webapp's package; once per generation, as its loader stops. */
    private static final String COPY = "QuiesceDriverNames";

    private WebappDrivers() {
    }

    /**
     * A class the webapp's loader defined, of its application listeners or servlets, or null: for {@link #of},
     * taken in the context's {@code before_stop}, while Tomcat still has them. Instances first (their classes are
     * loaded), then the servlets Tomcat has not loaded yet, by name.
     */
    static Class<?> aClassOf(Context context, ClassLoader loader) {
        List<Object> instances = new ArrayList<>(List.of(context.getApplicationLifecycleListeners()));
        instances.addAll(List.of(context.getApplicationEventListeners()));
        for (Container child : context.findChildren()) {
            if (child instanceof Wrapper wrapper && wrapper.getServlet() != null) {
                instances.add(wrapper.getServlet());
            }
        }
        for (Object instance : instances) {
            if (instance.getClass().getClassLoader() == loader) {
                return instance.getClass();
            }
        }
        for (Container child : context.findChildren()) {
            if (child instanceof Wrapper wrapper && wrapper.getServletClass() != null) {
                Class<?> type = definedBy(wrapper.getServletClass(), loader);
                if (type != null) {
                    return type;
                }
            }
        }
        return null;
    }

    private static Class<?> definedBy(String name, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(name, false, loader);
            return type.getClassLoader() == loader ? type : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /**
     * The class names of the drivers registered with {@code DriverManager} that {@code webappClass}'s loader
     * defined. Call it before the loader stops.
     *
     * @throws ReflectiveOperationException if the hidden class cannot be defined or called
     */
    @SuppressWarnings("unchecked")
    static List<String> of(Class<?> webappClass) throws ReflectiveOperationException {
        String pkg = webappClass.getPackageName().replace('.', '/');
        byte[] copy = renamed(template(), pkg.isEmpty() ? COPY : pkg + "/" + COPY);
        MethodHandles.Lookup inside = MethodHandles.privateLookupIn(webappClass, MethodHandles.lookup());
        Class<?> names = inside.defineClass(copy);
        try {
            return List.copyOf((List<String>) inside.findStatic(names, "of", MethodType.methodType(List.class,
                    ClassLoader.class)).invoke(webappClass.getClassLoader()));
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The report, with each driver listed as a fix Tomcat applied; the report itself if there is none. */
    static UnloadReport withTomcatsFixes(UnloadReport report, List<String> drivers) {
        if (drivers.isEmpty()) {
            return report;
        }
        List<String> fixes = new ArrayList<>(report.fixes());
        for (String driver : drivers) {
            fixes.add("Tomcat deregistered JDBC driver " + driver + ", which the webapp registered and did not"
                    + " deregister: call DriverManager.deregisterDriver(driver) in its contextDestroyed");
        }
        return new UnloadReport(report.module(), report.outcome(), report.inFlightAtStart(), report.drainMillis(),
                report.teardownMillis(), report.collectMillis(), report.blockers(), fixes, report.leaks(),
                report.problems());
    }

    private static byte[] template() throws ReflectiveOperationException {
        try (InputStream in = WebappDrivers.class.getResourceAsStream("DriverNames.class")) {
            if (in == null) {
                throw new ClassNotFoundException(TEMPLATE + ".class is not in the integration's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException("cannot read " + TEMPLATE + ".class", e);
        }
    }

    /** The class file with its one constant {@code TEMPLATE} (its own name) replaced by {@code name}. */
    private static byte[] renamed(byte[] classFile, String name) throws ClassNotFoundException {
        ByteBuffer in = ByteBuffer.wrap(classFile);
        in.position(8);
        int count = Short.toUnsignedInt(in.getShort());
        for (int i = 1; i < count; i++) {
            int tag = in.get();
            switch (tag) {
                case 1 -> {
                    int start = in.position();
                    byte[] text = new byte[Short.toUnsignedInt(in.getShort())];
                    in.get(text);
                    if (new String(text, StandardCharsets.UTF_8).equals(TEMPLATE)) {
                        return splice(classFile, start, in.position(), name);
                    }
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.position(in.position() + 4);
                case 5, 6 -> {
                    in.position(in.position() + 8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.position(in.position() + 2);
                case 15 -> in.position(in.position() + 3);
                default -> throw new ClassNotFoundException(TEMPLATE + ".class has an unknown constant tag " + tag);
            }
        }
        throw new ClassNotFoundException(TEMPLATE + ".class does not name itself");
    }

    private static byte[] splice(byte[] classFile, int from, int to, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(classFile.length + name.length());
        out.write(classFile, 0, from);
        try {
            new DataOutputStream(out).writeUTF(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        out.write(classFile, to, classFile.length - to);
        return out.toByteArray();
    }
}
