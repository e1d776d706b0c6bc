package dev.quiesce.testplugins.guarded;

/** A "third-party" class with no annotation: counted only because the agent runs with guard=...guarded.**. */
public class PlainLib {
    public String hello(String who) {
        return "hello " + who;
    }
}
