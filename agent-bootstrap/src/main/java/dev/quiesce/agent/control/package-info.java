/**
 * The operators' control plane: the {@code dev.quiesce:type=ModuleControl} platform MXBean, described for consoles,
 * and the JMX notifications it sends for each step of an unload.
 */
package dev.quiesce.agent.control;
