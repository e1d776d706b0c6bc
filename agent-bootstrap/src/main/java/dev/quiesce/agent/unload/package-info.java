/**
 * The unload protocol and the module registry behind it: set dying, sum, wait (signalled, with a timeout), run
 * teardown hooks, tell the host, drop references, verify the class loader was collected, report. Loaded from the
 * bootstrap class path with the runtime, because the host reaches it through {@link dev.quiesce.Quiesce}.
 */
package dev.quiesce.agent.unload;
