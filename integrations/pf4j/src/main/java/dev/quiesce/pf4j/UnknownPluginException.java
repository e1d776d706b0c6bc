package dev.quiesce.pf4j;

import java.util.List;
import org.pf4j.PluginNotFoundException;

/** A plugin id the manager does not know; says which ones it knows. */
public class UnknownPluginException extends PluginNotFoundException {
    private static final long serialVersionUID = 1L;

    private final String text;

    public UnknownPluginException(String pluginId, List<String> known) {
        super(pluginId);
        this.text = "no plugin '" + pluginId + "' is loaded; " + (known.isEmpty() ? "no plugin is loaded"
                : "loaded plugins: " + String.join(", ", known)) + ". Load it first (loadPlugin/loadPlugins)";
    }

    @Override
    public String getMessage() {
        return text;
    }
}
