/**
 * The operators' command line, {@code java -jar quiesce-agent.jar <command>}: attach the agent to a running JVM, list
 * its modules, unload one, and find what still holds an unloaded one ({@code leaks}, which analyses a heap dump with
 * the heap analyzer nested in the agent jar, in a class loader of its own). Runs from the agent jar in the system
 * class loader and needs no class from the target: it talks to the target's {@code dev.quiesce:type=ModuleControl}
 * MBean with open types only, through the local JMX agent of a JVM on this machine (started over the Attach API,
 * which loads no agent) or a JMX service URL.
 */
package dev.quiesce.agent.cli;
