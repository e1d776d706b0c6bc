/**
 * Executor types of the host, not of any module: the instrumentation tests load this package in a host loader of its
 * own (a parent of the module's), and the module code in {@code fanout} calls them typed as these types.
 */
package dev.quiesce.testplugins.host;
