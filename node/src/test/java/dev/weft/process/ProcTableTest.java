package dev.weft.process;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.term.Pid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProcTableTest {
    static List<Proc> procs(int n) {
        List<Proc> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new Proc(() -> { }, null, null));
        return out;
    }

    @Test
    void findsEveryAddedProcessByItsNumberAndForgetsRemovedOnes() {
        ProcTable t = new ProcTable();
        List<Proc> ps = procs(5000);
        ps.forEach(t::add);
        assertEquals(5000, t.size());
        for (Proc p : ps) assertSame(p, t.get(p.pid.id()));
        for (int i = 0; i < ps.size(); i += 2) t.remove(ps.get(i));
        assertEquals(2500, t.size());
        for (int i = 0; i < ps.size(); i++) {
            Proc p = ps.get(i);
            assertEquals(i % 2 == 0 ? null : p, t.get(p.pid.id()), "entry " + i);
        }
    }

    @Test
    void shrinksAfterMassRemovalAndStillFindsTheRest() {
        ProcTable t = new ProcTable();
        List<Proc> ps = procs(20000);
        ps.forEach(t::add);
        for (Proc p : ps.subList(0, 19990)) t.remove(p);
        assertEquals(10, t.size());
        for (Proc p : ps.subList(19990, 20000)) assertSame(p, t.get(p.pid.id()));
        assertNull(t.get(ps.get(0).pid.id()));
    }

    @Test
    void forEachVisitsEachLiveEntryOnce() {
        ProcTable t = new ProcTable();
        List<Proc> ps = procs(3000);
        ps.forEach(t::add);
        ps.subList(0, 1000).forEach(t::remove);
        Set<Pid> seen = new HashSet<>();
        t.forEach(p -> assertTrue(seen.add(p.pid), "twice: " + p.pid));
        assertEquals(2000, seen.size());
        for (Proc p : ps.subList(1000, 3000)) assertTrue(seen.contains(p.pid));
    }

    @Test
    void removingSomethingNotThereChangesNothing() {
        ProcTable t = new ProcTable();
        List<Proc> ps = procs(2);
        t.add(ps.get(0));
        t.remove(ps.get(1));
        assertEquals(1, t.size());
        assertSame(ps.get(0), t.get(ps.get(0).pid.id()));
    }

    @Test
    void entriesComingAndGoingInAnyOrderLeaveEveryLiveOneFindable() {
        ProcTable t = new ProcTable();
        List<Proc> ps = procs(4000);
        Set<Proc> live = new HashSet<>();
        java.util.Random random = new java.util.Random(42);
        for (int step = 0; step < 40000; step++) {
            Proc p = ps.get(random.nextInt(ps.size()));
            if (live.remove(p)) t.remove(p);
            else if (live.add(p)) t.add(p);
            if (step % 1000 == 0) {
                for (Proc q : ps) assertEquals(live.contains(q) ? q : null, t.get(q.pid.id()), "step " + step);
            }
        }
        assertEquals(live.size(), t.size());
        Set<Proc> seen = new HashSet<>();
        t.forEach(seen::add);
        assertEquals(live, seen);
    }

    /**
     * Runs {@code writes} on one thread while {@code readers} threads look up every {@code stable} entry
     * {@code rounds} times; returns how many lookups did not find their entry.
     */
    private static int missesWhile(ProcTable t, List<Proc> stable, int readers, int rounds, Runnable writes) throws InterruptedException {
        AtomicInteger misses = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofPlatform().start(() -> {
            awaitUninterruptibly(go);
            writes.run();
        }));
        for (int r = 0; r < readers; r++) {
            threads.add(Thread.ofPlatform().start(() -> {
                awaitUninterruptibly(go);
                for (int round = 0; round < rounds; round++) {
                    for (Proc p : stable) if (t.get(p.pid.id()) != p) misses.incrementAndGet();
                }
            }));
        }
        go.countDown();
        for (Thread th : threads) th.join();
        return misses.get();
    }

    @Test
    void readersSeeLongLivedEntriesWhileShortLivedOnesComeAndGoOneAtATime() throws InterruptedException {
        ProcTable t = new ProcTable();
        List<Proc> stable = procs(500);
        stable.forEach(t::add);
        List<Proc> churn = procs(20000);
        int misses = missesWhile(t, stable, 1, 100, () -> {
            for (int i = 0; i < churn.size(); i++) {   // like spawn and exit: a few live at a time
                t.add(churn.get(i));
                if (i >= 3) t.remove(churn.get(i - 3));
            }
            for (int i = churn.size() - 3; i < churn.size(); i++) t.remove(churn.get(i));
        });
        assertEquals(0, misses);
        assertEquals(500, t.size());
    }

    @Test
    void readersOnOtherThreadsSeeEntriesAddedBeforeThemWhileWritersResize() throws InterruptedException {
        ProcTable t = new ProcTable();
        List<Proc> stable = procs(1000);
        stable.forEach(t::add);
        List<Proc> churn = procs(20000);
        int misses = missesWhile(t, stable, 2, 50, () -> {
            for (Proc p : churn) t.add(p);
            for (Proc p : churn) t.remove(p);
        });
        assertEquals(0, misses);
        assertEquals(1000, t.size());
    }

    private static void awaitUninterruptibly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
