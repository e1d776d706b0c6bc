/**
 * The heap analyzer: reads a heap dump of a JVM that runs the Quiesce agent and finds the shortest strong-reference
 * paths from GC roots to the class loaders of modules that were unloaded but not collected. It runs in the CLI's JVM,
 * never in the host: the agent jar carries it as a nested jar with Shark (LeakCanary's analyzer) inside, and the CLI
 * loads it in a class loader of its own. Only JDK types cross that boundary ({@link dev.quiesce.analyzer.LoaderPaths}).
 */
package dev.quiesce.analyzer;
