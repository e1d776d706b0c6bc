package dev.quiesce.testplugins.forkjoin;

import java.util.concurrent.RecursiveTask;

/** The sum of the elements {@code from} (inclusive) to {@code to}, split in halves: the left forked, then joined. */
final class Halves extends RecursiveTask<Integer> {
    private final int from;
    private final int to;

    Halves(int from, int to) {
        this.from = from;
        this.to = to;
    }

    @Override
    protected Integer compute() {
        if (to - from == 1) {
            return ParallelWork.element(from);
        }
        int middle = (from + to) >>> 1;
        Halves left = new Halves(from, middle);
        left.fork();
        int right = new Halves(middle, to).compute();
        return left.join() + right;
    }
}
