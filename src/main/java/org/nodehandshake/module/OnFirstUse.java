package org.nodehandshake.module;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made once, on first use, then shared by every thread. For what costs real work to make and a run
 * may never need: a module's random per-process key is an elliptic-curve multiplication (and the curve's
 * classes) that a run over other networks, which builds every network's handshake at start, would pay for nothing.
 */
public final class OnFirstUse<T> implements Supplier<T> {

    private final Supplier<? extends T> make;
    private volatile T value;

    private OnFirstUse(Supplier<? extends T> make) {
        this.make = Objects.requireNonNull(make, "make");
    }

    public static <T> OnFirstUse<T> of(Supplier<? extends T> make) {
        return new OnFirstUse<>(make);
    }

    /** Already made: the value itself, so that {@link #get} never calls anything. */
    public static <T> OnFirstUse<T> made(T value) {
        OnFirstUse<T> made = new OnFirstUse<>(() -> value);
        made.value = Objects.requireNonNull(value, "value");
        return made;
    }

    @Override
    public T get() {
        T made = value;
        if (made == null) {
            synchronized (this) {
                made = value;
                if (made == null) {
                    made = Objects.requireNonNull(make.get(), "made nothing");
                    value = made;
                }
            }
        }
        return made;
    }
}
