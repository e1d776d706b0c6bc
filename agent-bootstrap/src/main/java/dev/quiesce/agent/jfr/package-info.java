/**
 * Flight Recorder events: one {@code dev.quiesce.Unload} event per unload, and periodic
 * {@code dev.quiesce.RefusedCalls} events that count refused calls per module instead of recording each one. Loaded
 * from the bootstrap class path with the unload protocol. Event classes are loaded only once Flight Recorder is in
 * use, because loading one costs a fifth of a second.
 */
package dev.quiesce.agent.jfr;
