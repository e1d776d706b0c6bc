package dev.quiesce.tomcat;

import java.lang.StackWalker.Option;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.HostConfig;

/**
 * Tomcat's {@code StandardContext} whose every reload drains before it begins, whoever starts it: the manager app
 * ({@code ManagerServlet.reload}), a host's {@code context.reload()}, JMX, and {@code HostConfig} for a changed
 * reload resource ({@code WEB-INF/web.xml}). With {@code onTimeout="wait"}, a reload with calls still inside at
 * {@code drainTimeout} does not begin: the old generation goes on serving, the log names the threads inside with
 * their stacks, and the caller gets a {@link ReloadPutOffException}, which the manager app shows as
 * {@code FAIL}; HostConfig's reload is kept instead and tried again at the context's background checks. A plain
 * {@code StandardContext} with {@link QuiesceContextListener} can only wait inside the stop such a reload begins
 * (Tomcat gives a listener no way to call off a reload).
 *
 * <p>One line of configuration: {@code <Context className="dev.quiesce.tomcat.QuiesceContext" drainTimeout="30s"
 * onTimeout="wait">} (server.xml, conf/[engine]/[host]/[app].xml, or META-INF/context.xml as HostConfig deploys
 * it), {@code <Host contextClass="dev.quiesce.tomcat.QuiesceContext">} for every webapp of a host, or from Java
 * {@code host.setContextClass(QuiesceContext.class.getName())}, or {@code new QuiesceContext()} where a
 * {@code StandardContext} would be made. It adds its own {@link QuiesceContextListener}, with its
 * {@code drainTimeout} and {@code onTimeout}, unless one is configured on the context, whose own attributes then
 * apply. Stop, undeploy and shutdown are Tomcat's (they cannot be called off) and drain as with the listener alone.
 */
public class QuiesceContext extends StandardContext {
    private static final StackWalker CALLERS = StackWalker.getInstance(Option.RETAIN_CLASS_REFERENCE);

    private final QuiesceContextListener own = new QuiesceContextListener();

    public QuiesceContext() {
        own.configuredIn("<Context className=\"" + QuiesceContext.class.getName() + "\"/>");
    }

    /** {@code drainTimeout="30s"}: how long a reload or stop waits for the work inside; see the listener's. */
    public void setDrainTimeout(String drainTimeout) {
        own.setDrainTimeout(drainTimeout);
    }

    public String getDrainTimeout() {
        return own.getDrainTimeout();
    }

    /** {@code onTimeout="wait"} (the default) or {@code "proceed"}; see {@link OnTimeout}. */
    public void setOnTimeout(String onTimeout) {
        own.setOnTimeout(onTimeout);
    }

    public String getOnTimeout() {
        return own.getOnTimeout();
    }

    /**
     * Drains the webapp, then reloads it as Tomcat does; or, with {@code onTimeout="wait"} and calls still inside at
     * {@code drainTimeout}, does not reload: the old generation serves on, held requests included. Called by
     * {@code HostConfig}, the put-off is kept and retried at the context's background checks, and this returns:
     * HostConfig calls {@code reload()} from its background check, whose throw would end Tomcat's background pass
     * for the host and skip every context of it ({@code ContainerBackgroundProcessor.processChildren}). With
     * {@code proceed}, or with Quiesce off for the context (bad attributes, no agent): Tomcat's reload, whose stop
     * drains as with the listener alone. {@code QuiesceContextTest}, {@code HostConfigReloadTest}.
     *
     * @throws ReloadPutOffException if the reload was put off, naming the threads inside
     * @throws IllegalStateException if the context is not started (as Tomcat's reload)
     */
    @Override
    public final void reload() {
        boolean hostConfig = HostConfig.class.isAssignableFrom(CALLERS.getCallerClass());
        QuiesceContextListener listener = listener();
        if (listener == null) {
            reloadAsTomcatDoes();
            return;
        }
        listener.reload(hostConfig ? ReloadOrigin.HOST_CONFIG : ReloadOrigin.CALLER).ifPresent(putOff -> {
            if (!hostConfig) {
                throw new ReloadPutOffException(putOff);
            }
        });
    }

    /** Tomcat's own reload (the listener's, once it drained, or with nothing to drain). */
    final void reloadAsTomcatDoes() {
        super.reload();
    }

    /**
     * Adds the context's own listener before its first start, unless one is configured: Tomcat's configuration adds
     * the listeners of {@code context.xml} after the context's init ({@code ContextConfig}, at {@code after_init}),
     * so the first moment that knows them all is {@code before_start}, before any listener hears it.
     */
    @Override
    protected void fireLifecycleEvent(String type, Object data) {
        if (Lifecycle.BEFORE_START_EVENT.equals(type) && listener() == null) {
            addLifecycleListener(own);
        }
        super.fireLifecycleEvent(type, data);
    }

    /** The context's listener: a configured one, or its own once added. */
    private QuiesceContextListener listener() {
        for (LifecycleListener listener : findLifecycleListeners()) {
            if (listener instanceof QuiesceContextListener quiesce) {
                return quiesce;
            }
        }
        return null;
    }
}
