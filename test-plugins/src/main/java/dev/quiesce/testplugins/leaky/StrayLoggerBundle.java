package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.util.ListResourceBundle;
import java.util.logging.Logger;

/** Gives the host's global logger a resource bundle of its own, which the logger keeps for good. */
@Unloadable("stray-logger-bundle")
public class StrayLoggerBundle {
    public void start() {
        Logger.getGlobal().setResourceBundle(new Messages());
    }

    private static final class Messages extends ListResourceBundle {
        /** Named as {@code ResourceBundle.getBundle} would name it, without going through ResourceBundle's cache. */
        @Override
        public String getBaseBundleName() {
            return Messages.class.getName();
        }

        @Override
        protected Object[][] getContents() {
            return new Object[][] {{"greeting", "hello"}};
        }
    }
}
