package dev.quiesce.tomcat.support;

import dev.quiesce.tomcat.QuiesceContextListener;

/** A JVM without the agent: deploys shop at /plain with the listener, prints the log and one request's status. */
public final class NoAgentMain {
    private NoAgentMain() {
    }

    public static void main(String[] args) {
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines()) {
            tomcat.deploy("shop", "/plain", null, c -> c.addLifecycleListener(new QuiesceContextListener()));
            tomcat.start();
            int status = tomcat.getNow("/plain/gen").statusCode();
            System.out.println(log.text());
            System.out.println("GET /plain/gen: " + status);
        }
    }
}
