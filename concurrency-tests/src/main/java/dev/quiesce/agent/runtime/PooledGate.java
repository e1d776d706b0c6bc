package dev.quiesce.agent.runtime;

import dev.quiesce.ModuleState;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A registered gate reused across jcstress states, so that actor threads find their cells already registered and take
 * the fast path of {@code Gates.entrance(slot).enter()}, as a hot module's callers do. A gate goes back to the pool
 * only from an arbiter, after every call of its iteration has left; {@link #recycle} cancels its drain if it has one.
 */
final class PooledGate {
    private static final ConcurrentLinkedQueue<PooledGate> FREE = new ConcurrentLinkedQueue<>();

    final Gate gate;
    final int slot;

    private PooledGate() {
        gate = new Gate("jcstress");
        slot = Gates.register(gate);
    }

    static PooledGate take() {
        PooledGate pooled = FREE.poll();
        return pooled != null ? pooled : new PooledGate();
    }

    void recycle() {
        if (gate.state() == ModuleState.DRAINING) {
            gate.cancelDrain();
        }
        FREE.offer(this);
    }
}
