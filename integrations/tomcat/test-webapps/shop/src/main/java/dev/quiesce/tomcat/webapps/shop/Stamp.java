package dev.quiesce.tomcat.webapps.shop;

/** A second class of the generation, for {@link GenerationServlet}. */
public final class Stamp {
    private Stamp() {
    }

    static String loader() {
        return Integer.toHexString(System.identityHashCode(Stamp.class.getClassLoader()));
    }
}
