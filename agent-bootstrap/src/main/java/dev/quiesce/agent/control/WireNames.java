package dev.quiesce.agent.control;

/**
 * The words of the control MXBean on the wire, in one place for both its sides: the agent, which writes them, and
 * the CLI, which reads them over JMX as open data. Compile-time constants only: javac copies them into the CLI's
 * classes, so the CLI, which runs from the agent jar where this package is not (it is in the nested bootstrap jar),
 * never loads this class ({@code CliClassesTest}). Item names are those of {@link ModuleStatus}'s,
 * {@link UnloadResult}'s and {@link BlockerInfo}'s getters and of {@link UnloadNotifications}' user data; states and
 * outcomes are {@code ModuleState} and {@code Outcome} names ({@code WireNamesTest} checks both).
 */
public final class WireNames {
    /** The attribute listing the modules, an array of {@link ModuleStatus}. */
    public static final String MODULES = "Modules";
    /** The operation that unloads a module; returns an {@link UnloadResult}. */
    public static final String UNLOAD = "unload";
    /** The operation that describes the threads inside a module, as text. */
    public static final String CALLS_INSIDE = "callsInside";
    /** The operation that describes the threads inside a module as open data: an array of {@link BlockerInfo}. */
    public static final String BLOCKERS_INSIDE = "blockersInside";

    // A module, in the Modules attribute.
    /** The module's id: {@code billing#2}. */
    public static final String ID = "id";
    /** The module's name, its id without the generation suffix: {@code billing} for {@code billing#2}. */
    public static final String NAME = "name";
    public static final String STATE = "state";
    public static final String IN_FLIGHT = "inFlight";
    public static final String ENTRANCES = "entrances";
    public static final String EXITS = "exits";
    public static final String REFUSED = "refused";
    public static final String LOADER = "loader";
    public static final String UNINSTRUMENTED = "uninstrumented";

    // An unload's result; a step's notification has MODULE, STATE, IN_FLIGHT and MILLIS, and timedOut's BLOCKERS too.
    public static final String MODULE = "module";
    public static final String OUTCOME = "outcome";
    public static final String IN_FLIGHT_AT_START = "inFlightAtStart";
    public static final String DRAIN_MILLIS = "drainMillis";
    public static final String TEARDOWN_MILLIS = "teardownMillis";
    public static final String COLLECT_MILLIS = "collectMillis";
    public static final String BLOCKERS = "blockers";
    public static final String FIXES = "fixes";
    public static final String LEAKS = "leaks";
    public static final String PROBLEMS = "problems";
    public static final String SUMMARY = "summary";
    public static final String MILLIS = "millis";

    // A blocker, in blockersInside, in an unload's result's BLOCKERS and in a timedOut notification's BLOCKERS.
    public static final String THREAD = "thread";
    public static final String THREAD_ID = "threadId";
    public static final String THREAD_STATE = "threadState";
    public static final String INSIDE = "inside";
    public static final String HEADLINE = "headline";
    public static final String FRAMES = "frames";
    public static final String MORE_FRAMES = "moreFrames";
    public static final String TEXT = "text";

    // A module's states.
    public static final String ACTIVE = "ACTIVE";
    public static final String DRAINING = "DRAINING";
    public static final String TEARING_DOWN = "TEARING_DOWN";
    public static final String UNLOADED = "UNLOADED";

    // An unload's outcomes, as the MXBean's unload returns them.
    public static final String COLLECTED = "COLLECTED";
    public static final String RETAINED = "RETAINED";
    public static final String TIMED_OUT = "TIMED_OUT";

    private WireNames() {
    }
}
