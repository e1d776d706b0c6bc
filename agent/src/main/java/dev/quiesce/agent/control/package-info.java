/**
 * The operators' control plane: the {@code dev.quiesce:type=ModuleControl} platform MXBean, registered off the
 * start-up path.
 */
package dev.quiesce.agent.control;
