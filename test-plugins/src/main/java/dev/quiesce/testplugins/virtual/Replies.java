package dev.quiesce.testplugins.virtual;

/** Another class of the {@link Requests} module, without an annotation of its own. */
final class Replies {
    private Replies() {
    }

    static String reply() {
        Requests.INSIDE.incrementAndGet();
        try {
            Requests.check();
            return "reply";
        } finally {
            Requests.INSIDE.decrementAndGet();
        }
    }
}
