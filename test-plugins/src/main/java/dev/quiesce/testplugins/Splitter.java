package dev.quiesce.testplugins;

import dev.quiesce.Unloadable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Private methods, which the agent splits and calls straight from the class's own code, for {@code BodySplitTest}:
 * a call held in a private method, in a lambda's body, stack traces through them, a private recursion that
 * overflows, and a deprecated private method whose annotation must stay on the counted one.
 */
@Unloadable("splitter")
public class Splitter {
    public Splitter() {
    }

    /** Stays inside a private method, reached by a direct call, until {@code release} opens. */
    public String hold(CountDownLatch entered, CountDownLatch release) throws InterruptedException {
        return waitInside(entered, release);
    }

    private String waitInside(CountDownLatch entered, CountDownLatch release) throws InterruptedException {
        entered.countDown();
        release.await();
        return "held";
    }

    /** A task whose body, a lambda, stays inside until {@code release} opens; the host runs it. */
    public Callable<String> heldTask(CountDownLatch entered, CountDownLatch release) {
        return () -> waitInside(entered, release);
    }

    /** This class's frames of a stack taken one direct call deep, as {@code method:line}, innermost first. */
    public List<String> frames() {
        return framesOf(here());
    }

    /** {@link #frames}, from a lambda's body, which is a private method entered from outside the class. */
    public Supplier<List<String>> framesTask() {
        return () -> framesOf(here());
    }

    private static Throwable here() {
        return new Throwable();
    }

    private static List<String> framesOf(Throwable taken) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : taken.getStackTrace()) {
            if (frame.getClassName().equals(Splitter.class.getName())) {
                frames.add(frame.getMethodName() + ":" + frame.getLineNumber());
            }
        }
        return frames;
    }

    /** Recurses through a private method until the stack overflows, and lets the error out. */
    public int overflow() {
        return deeper(1);
    }

    private int deeper(int depth) {
        return deeper(depth + 1) + 1;
    }

    /** Calls {@link #deprecated}. */
    public String old() {
        return deprecated();
    }

    /** A private method with a runtime annotation, which the counted method keeps. */
    @Deprecated
    private String deprecated() {
        return "old";
    }
}
