package dev.quiesce.tomcat;

/** What a stop does when the work inside the webapp has not left by the drain timeout. */
public enum OnTimeout {
    /** Log the threads inside, with their stacks, and keep waiting: the teardown never runs under a call. */
    WAIT,
    /** Tomcat's own behaviour: tear the webapp down anyway, logging the requests it is torn down under. */
    PROCEED
}
