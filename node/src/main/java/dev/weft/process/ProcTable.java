package dev.weft.process;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A concurrent map from a process number to its {@link Proc}: lock-free reads, writes locked per
 * stripe. Each stripe is an open-addressing array of the {@code Proc}s themselves (the key is
 * {@code proc.id}, its pid's number), so a lookup allocates nothing (no boxed {@code Long}) and an
 * entry costs a few array slots instead of a hash-map node and a boxed key.
 *
 * <p>Thread-safety: {@link #get} and {@link #forEach} from any thread without locking; they see
 * every entry added before they started (slots are written with release and read with acquire
 * semantics; a resized array is published through a volatile field) and may or may not see one added
 * or removed meanwhile. {@link #add} and {@link #remove} lock one stripe. Numbers must be unique.
 */
final class ProcTable {
    private static final int STRIPES = 64;
    private static final int MIN_SLOTS = 16;
    /** What a removed entry leaves, so that probes for entries further on go on past it. */
    private static final Object REMOVED = new Object();
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    private static final class Stripe {
        volatile Object[] slots = new Object[MIN_SLOTS];
        /** Entries, and entries plus REMOVED marks; changed under the stripe's lock. */
        volatile int live;
        int used;
    }

    private final Stripe[] stripes = new Stripe[STRIPES];

    ProcTable() {
        for (int i = 0; i < STRIPES; i++) stripes[i] = new Stripe();
    }

    private static long mix(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private Stripe stripe(long h) {
        return stripes[(int) h & (STRIPES - 1)];
    }

    /** The entry numbered {@code id}, or null. */
    Proc get(long id) {
        long h = mix(id);
        Object[] slots = stripe(h).slots;
        int mask = slots.length - 1;
        for (int i = (int) (h >>> 6) & mask;; i = (i + 1) & mask) {
            Object o = SLOT.getAcquire(slots, i);
            if (o == null) return null;
            if (o != REMOVED && ((Proc) o).id == id) return (Proc) o;
        }
    }

    void add(Proc p) {
        long h = mix(p.id);
        Stripe s = stripe(h);
        synchronized (s) {
            if ((s.used + 1) * 2 > s.slots.length) resize(s, s.live + 1);
            Object[] slots = s.slots;
            int mask = slots.length - 1;
            int i = (int) (h >>> 6) & mask;
            while (slots[i] != null && slots[i] != REMOVED) i = (i + 1) & mask;
            if (slots[i] == null) s.used++;
            SLOT.setRelease(slots, i, p);
            s.live++;
        }
    }

    /** Removes {@code p} if it is there. */
    void remove(Proc p) {
        long h = mix(p.id);
        Stripe s = stripe(h);
        synchronized (s) {
            Object[] slots = s.slots;
            int mask = slots.length - 1;
            for (int i = (int) (h >>> 6) & mask; slots[i] != null; i = (i + 1) & mask) {
                if (slots[i] == p) {
                    SLOT.setRelease(slots, i, REMOVED);
                    s.live--;
                    if (s.live * 8 < slots.length && slots.length > MIN_SLOTS) resize(s, s.live);
                    return;
                }
            }
        }
    }

    /** Under the stripe's lock: a new array for {@code entries} entries, without REMOVED marks. */
    private static void resize(Stripe s, int entries) {
        int n = MIN_SLOTS;
        while (n < entries * 4) n <<= 1;
        Object[] old = s.slots;
        Object[] slots = new Object[n];
        int mask = n - 1;
        for (Object o : old) {
            if (o == null || o == REMOVED) continue;
            int i = (int) (mix(((Proc) o).id) >>> 6) & mask;
            while (slots[i] != null) i = (i + 1) & mask;
            slots[i] = o;
        }
        s.used = s.live;
        s.slots = slots;
    }

    int size() {
        int n = 0;
        for (Stripe s : stripes) n += s.live;
        return n;
    }

    void forEach(Consumer<Proc> action) {
        for (Stripe s : stripes) {
            Object[] slots = s.slots;
            for (int i = 0; i < slots.length; i++) {
                if (SLOT.getAcquire(slots, i) instanceof Proc p) action.accept(p);
            }
        }
    }
}
