package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.util.ListResourceBundle;
import java.util.ResourceBundle;

/** Loads a resource bundle class of its own, which {@link ResourceBundle} caches, and never clears it. */
@Unloadable("stray-bundle")
public class StrayBundle {
    public void start() {
        ResourceBundle.getBundle(Messages.class.getName()).getString("greeting");
    }

    /** The bundle. */
    public static final class Messages extends ListResourceBundle {
        @Override
        protected Object[][] getContents() {
            return new Object[][] {{"greeting", "hello"}};
        }
    }
}
