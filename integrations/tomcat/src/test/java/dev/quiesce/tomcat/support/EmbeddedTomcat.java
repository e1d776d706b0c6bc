package dev.quiesce.tomcat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * A real embedded Tomcat on 127.0.0.1, on a free port, with test webapps deployed from directories: each a
 * {@code WEB-INF/lib} holding the webapp's jar (built by test-webapps), so it runs in its own WebappClassLoader.
 */
public final class EmbeddedTomcat implements AutoCloseable {
    private final Tomcat tomcat = new Tomcat();
    private final Path base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public EmbeddedTomcat() {
        try {
            base = Files.createTempDirectory("quiesce-tomcat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setAddDefaultWebXmlToWebapp(false);
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
    }

    /** Deploys {@code webapp} (shop, leaky) at {@code path}, with {@code contextXml} as its META-INF/context.xml. */
    public Context deploy(String webapp, String path, String contextXml, Consumer<Context> configure) {
        Path docBase = layOut(webapp, webapp + (path.isEmpty() ? "-root" : path.replace('/', '-')), contextXml);
        Context context = tomcat.addWebapp(path, docBase.toString());
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        configure.accept(context);
        return context;
    }

    /**
     * Lays {@code webapp} out as the directory {@code name} of the host's appBase: {@code WEB-INF/lib} with its jar,
     * and {@code contextXml} (if not null) as its META-INF/context.xml. Returns the directory.
     */
    public Path layOut(String webapp, String name, String contextXml) {
        Path docBase = base.resolve("webapps").resolve(name);
        try {
            Files.createDirectories(docBase.resolve("WEB-INF/lib"));
            Files.copy(TestWebapps.jar(webapp), docBase.resolve("WEB-INF/lib").resolve(webapp + ".jar"));
            if (contextXml != null) {
                Files.createDirectories(docBase.resolve("META-INF"));
                Files.writeString(docBase.resolve("META-INF/context.xml"), contextXml);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docBase;
    }

    public EmbeddedTomcat start() {
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public Tomcat tomcat() {
        return tomcat;
    }

    /** GET {@code pathAndQuery}; the answer, or the failure of the exchange. */
    public CompletableFuture<HttpResponse<String>> get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + tomcat.getConnector().getLocalPort() + pathAndQuery)).timeout(Duration.ofSeconds(60)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> getNow(String pathAndQuery) {
        return get(pathAndQuery).join();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }
}
