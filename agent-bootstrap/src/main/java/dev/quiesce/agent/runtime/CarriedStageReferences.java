package dev.quiesce.agent.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a method reference in module code to an instance {@code *Async} method of {@code CompletionStage} or
 * {@code CompletableFuture} ({@code stage::thenApplyAsync}, {@code CompletableFuture::thenRunAsync}) is made of
 * instead: a static of the same name with the module's slot first, for the lambda metafactory to capture, that calls
 * the receiver's method with its executor wrapped ({@link CarriedCalls#carrying}) or, for the overload without one,
 * with the default executor, wrapped ({@link CarriedCalls#carryingDefault}), as the rewritten call of that method
 * does. One static serves both receiver types: its receiver is a {@code CompletionStage}, whose method the
 * receiver's own overrides, and the metafactory casts what it returns back to the reference's return type
 * ({@code completeAsync}, {@code CompletableFuture}'s only, takes one). Contract: the reference does what it did,
 * its work carried; what it allocates more is the wrapping executor, as at a rewritten call. The rewriter carries
 * the references for which a static here exists. Proved by {@code CallSiteRewriterTest} (one for every async
 * method of both types of the running JDK) and {@code FanOutTest}.
 */
public final class CarriedStageReferences {
    private CarriedStageReferences() {
    }

    public static <T, U> CompletionStage<U> thenApplyAsync(int slot, CompletionStage<T> stage,
                                                           Function<? super T, ? extends U> fn) {
        return stage.thenApplyAsync(fn, CarriedCalls.carryingDefault(slot));
    }

    public static <T, U> CompletionStage<U> thenApplyAsync(int slot, CompletionStage<T> stage,
                                                           Function<? super T, ? extends U> fn, Executor executor) {
        return stage.thenApplyAsync(fn, CarriedCalls.carrying(executor, slot));
    }

    public static <T> CompletionStage<Void> thenAcceptAsync(int slot, CompletionStage<T> stage,
                                                            Consumer<? super T> action) {
        return stage.thenAcceptAsync(action, CarriedCalls.carryingDefault(slot));
    }

    public static <T> CompletionStage<Void> thenAcceptAsync(int slot, CompletionStage<T> stage,
                                                            Consumer<? super T> action, Executor executor) {
        return stage.thenAcceptAsync(action, CarriedCalls.carrying(executor, slot));
    }

    public static CompletionStage<Void> thenRunAsync(int slot, CompletionStage<?> stage, Runnable action) {
        return stage.thenRunAsync(action, CarriedCalls.carryingDefault(slot));
    }

    public static CompletionStage<Void> thenRunAsync(int slot, CompletionStage<?> stage, Runnable action,
                                                     Executor executor) {
        return stage.thenRunAsync(action, CarriedCalls.carrying(executor, slot));
    }

    public static <T, U, V> CompletionStage<V> thenCombineAsync(int slot, CompletionStage<T> stage,
                                                                CompletionStage<? extends U> other,
                                                                BiFunction<? super T, ? super U, ? extends V> fn) {
        return stage.thenCombineAsync(other, fn, CarriedCalls.carryingDefault(slot));
    }

    public static <T, U, V> CompletionStage<V> thenCombineAsync(int slot, CompletionStage<T> stage,
                                                                CompletionStage<? extends U> other,
                                                                BiFunction<? super T, ? super U, ? extends V> fn,
                                                                Executor executor) {
        return stage.thenCombineAsync(other, fn, CarriedCalls.carrying(executor, slot));
    }

    public static <T, U> CompletionStage<Void> thenAcceptBothAsync(int slot, CompletionStage<T> stage,
                                                                   CompletionStage<? extends U> other,
                                                                   BiConsumer<? super T, ? super U> action) {
        return stage.thenAcceptBothAsync(other, action, CarriedCalls.carryingDefault(slot));
    }

    public static <T, U> CompletionStage<Void> thenAcceptBothAsync(int slot, CompletionStage<T> stage,
                                                                   CompletionStage<? extends U> other,
                                                                   BiConsumer<? super T, ? super U> action,
                                                                   Executor executor) {
        return stage.thenAcceptBothAsync(other, action, CarriedCalls.carrying(executor, slot));
    }

    public static CompletionStage<Void> runAfterBothAsync(int slot, CompletionStage<?> stage, CompletionStage<?> other,
                                                          Runnable action) {
        return stage.runAfterBothAsync(other, action, CarriedCalls.carryingDefault(slot));
    }

    public static CompletionStage<Void> runAfterBothAsync(int slot, CompletionStage<?> stage, CompletionStage<?> other,
                                                          Runnable action, Executor executor) {
        return stage.runAfterBothAsync(other, action, CarriedCalls.carrying(executor, slot));
    }

    public static <T, U> CompletionStage<U> applyToEitherAsync(int slot, CompletionStage<T> stage,
                                                               CompletionStage<? extends T> other,
                                                               Function<? super T, U> fn) {
        return stage.applyToEitherAsync(other, fn, CarriedCalls.carryingDefault(slot));
    }

    public static <T, U> CompletionStage<U> applyToEitherAsync(int slot, CompletionStage<T> stage,
                                                               CompletionStage<? extends T> other,
                                                               Function<? super T, U> fn, Executor executor) {
        return stage.applyToEitherAsync(other, fn, CarriedCalls.carrying(executor, slot));
    }

    public static <T> CompletionStage<Void> acceptEitherAsync(int slot, CompletionStage<T> stage,
                                                              CompletionStage<? extends T> other,
                                                              Consumer<? super T> action) {
        return stage.acceptEitherAsync(other, action, CarriedCalls.carryingDefault(slot));
    }

    public static <T> CompletionStage<Void> acceptEitherAsync(int slot, CompletionStage<T> stage,
                                                              CompletionStage<? extends T> other,
                                                              Consumer<? super T> action, Executor executor) {
        return stage.acceptEitherAsync(other, action, CarriedCalls.carrying(executor, slot));
    }

    public static CompletionStage<Void> runAfterEitherAsync(int slot, CompletionStage<?> stage,
                                                            CompletionStage<?> other, Runnable action) {
        return stage.runAfterEitherAsync(other, action, CarriedCalls.carryingDefault(slot));
    }

    public static CompletionStage<Void> runAfterEitherAsync(int slot, CompletionStage<?> stage,
                                                            CompletionStage<?> other, Runnable action,
                                                            Executor executor) {
        return stage.runAfterEitherAsync(other, action, CarriedCalls.carrying(executor, slot));
    }

    public static <T, U> CompletionStage<U> thenComposeAsync(int slot, CompletionStage<T> stage,
                                                             Function<? super T, ? extends CompletionStage<U>> fn) {
        return stage.thenComposeAsync(fn, CarriedCalls.carryingDefault(slot));
    }

    public static <T, U> CompletionStage<U> thenComposeAsync(int slot, CompletionStage<T> stage,
                                                             Function<? super T, ? extends CompletionStage<U>> fn,
                                                             Executor executor) {
        return stage.thenComposeAsync(fn, CarriedCalls.carrying(executor, slot));
    }

    public static <T, U> CompletionStage<U> handleAsync(int slot, CompletionStage<T> stage,
                                                        BiFunction<? super T, Throwable, ? extends U> fn) {
        return stage.handleAsync(fn, CarriedCalls.carryingDefault(slot));
    }

    public static <T, U> CompletionStage<U> handleAsync(int slot, CompletionStage<T> stage,
                                                        BiFunction<? super T, Throwable, ? extends U> fn,
                                                        Executor executor) {
        return stage.handleAsync(fn, CarriedCalls.carrying(executor, slot));
    }

    public static <T> CompletionStage<T> whenCompleteAsync(int slot, CompletionStage<T> stage,
                                                           BiConsumer<? super T, ? super Throwable> action) {
        return stage.whenCompleteAsync(action, CarriedCalls.carryingDefault(slot));
    }

    public static <T> CompletionStage<T> whenCompleteAsync(int slot, CompletionStage<T> stage,
                                                           BiConsumer<? super T, ? super Throwable> action,
                                                           Executor executor) {
        return stage.whenCompleteAsync(action, CarriedCalls.carrying(executor, slot));
    }

    public static <T> CompletionStage<T> exceptionallyAsync(int slot, CompletionStage<T> stage,
                                                            Function<Throwable, ? extends T> fn) {
        return stage.exceptionallyAsync(fn, CarriedCalls.carryingDefault(slot));
    }

    public static <T> CompletionStage<T> exceptionallyAsync(int slot, CompletionStage<T> stage,
                                                            Function<Throwable, ? extends T> fn, Executor executor) {
        return stage.exceptionallyAsync(fn, CarriedCalls.carrying(executor, slot));
    }

    public static <T> CompletionStage<T> exceptionallyComposeAsync(
            int slot, CompletionStage<T> stage, Function<Throwable, ? extends CompletionStage<T>> fn) {
        return stage.exceptionallyComposeAsync(fn, CarriedCalls.carryingDefault(slot));
    }

    public static <T> CompletionStage<T> exceptionallyComposeAsync(int slot, CompletionStage<T> stage,
                                                                   Function<Throwable, ? extends CompletionStage<T>> fn,
                                                                   Executor executor) {
        return stage.exceptionallyComposeAsync(fn, CarriedCalls.carrying(executor, slot));
    }

    public static <T> CompletableFuture<T> completeAsync(int slot, CompletableFuture<T> future,
                                                         Supplier<? extends T> supplier) {
        return future.completeAsync(supplier, CarriedCalls.carryingDefault(slot));
    }

    public static <T> CompletableFuture<T> completeAsync(int slot, CompletableFuture<T> future,
                                                         Supplier<? extends T> supplier, Executor executor) {
        return future.completeAsync(supplier, CarriedCalls.carrying(executor, slot));
    }
}
