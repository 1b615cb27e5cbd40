package dev.weft.otp;

import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Supervisor} and {@link DynamicSupervisor} share, run inside the supervisor process:
 * starting a child from its spec, stopping it, the restart policy and the restart intensity.
 */
final class Children {
    private Children() {}

    /**
     * Starts a child: its pid, or null for {@code :ignore}; throws {@link ExitException} with the
     * reason if it fails (a raise becomes {@code {exception, stacktrace}}).
     */
    static Pid start(ChildSpec spec) {
        try {
            return spec.start().get();
        } catch (ExitException e) {
            throw e;
        } catch (Throwable t) {
            throw new ExitException(Exits.reasonOf(t));
        }
    }

    /** Whether a child that exited with {@code reason} is restarted. */
    static boolean restarts(ChildSpec.Restart restart, Object reason) {
        return switch (restart) {
            case PERMANENT -> true;
            case TRANSIENT -> !Exits.quiet(reason);
            case TEMPORARY -> false;
        };
    }

    /** A restarted child: its new pid, or null if its start returned {@code :ignore}. */
    record Restarted(Pid pid) {}

    /**
     * Starts {@code spec} again after a crash; a failed start counts as one more restart and is
     * retried. Null once the intensity is exceeded: the supervisor must then shut down.
     */
    static Restarted restart(ChildSpec spec, Intensity intensity, Object supervisor) {
        for (;;) {
            try {
                return new Restarted(start(spec));
            } catch (ExitException e) {
                if (!Kernel.alive(Kernel.self())) throw e;
                Reports.error("Supervisor " + Inspect.inspect(supervisor) + " could not restart child " + Inspect.inspect(spec.id()), e.reason(), "");
                if (!intensity.add(supervisor)) return null;
            }
        }
    }

    /**
     * Stops child {@code pid} as OTP does: unlinks it, sends {@code :shutdown} and waits up to
     * {@code timeout} for it to exit, then kills it; a zero timeout kills it at once.
     */
    static void shutdown(Pid pid, Duration timeout) {
        shutdownAll(Map.of(pid, timeout));
    }

    /**
     * {@link #shutdown} of several children at once (as a DynamicSupervisor stops its children):
     * all get their signal first, then each is waited for up to its own timeout.
     */
    static void shutdownAll(Map<Pid, Duration> children) {
        Map<Ref, Pid> watching = new LinkedHashMap<>();
        Map<Ref, Long> deadlines = new HashMap<>();
        long now = System.nanoTime();
        children.forEach((pid, timeout) -> {
            Ref mon = Kernel.monitor(pid);
            Kernel.unlink(pid);
            Exit before = Kernel.receive(m -> m instanceof Exit e && e.from().equals(pid) ? e : Kernel.NO_MATCH, Duration.ZERO, () -> null);
            if (before == null) Kernel.exit(pid, timeout.isZero() ? Atom.KILL : Atom.SHUTDOWN);
            watching.put(mon, pid);
            if (!timeout.isZero()) deadlines.put(mon, now + Exits.saturatedNanos(timeout));
        });
        watching.forEach((mon, pid) -> {
            Long deadline = deadlines.get(mon);
            Duration left = deadline == null ? GenServer.INFINITY : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (awaitDown(mon, left) == null) {
                Kernel.exit(pid, Atom.KILL);
                awaitDown(mon, GenServer.INFINITY);
            }
        });
    }

    private static Down awaitDown(Ref mon, Duration timeout) {
        return Kernel.receive(mon, Kernel.downOf(mon), timeout, () -> null);
    }

    /** Restart intensity: at most {@code max} restarts in any {@code period}. */
    static final class Intensity {
        private final int max;
        private final long periodNanos;
        private final ArrayDeque<Long> restarts = new ArrayDeque<>();

        Intensity(int max, Duration period) {
            if (max < 0 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("restart intensity needs maxRestarts >= 0 and maxSeconds > 0, got " + max + " in " + period);
            }
            this.max = max;
            this.periodNanos = period.toNanos();
        }

        /** Counts a restart; false (and a report) if that makes more than {@code max} within the period. */
        boolean add(Object supervisor) {
            long now = System.nanoTime();
            restarts.addLast(now);
            while (now - restarts.peekFirst() >= periodNanos) restarts.removeFirst();
            if (restarts.size() <= max) return true;
            Reports.error("Supervisor " + Inspect.inspect(supervisor) + " shutting down", Atom.of("reached_max_restart_intensity"),
                    "\nmaxRestarts: " + max + " in " + Duration.ofNanos(periodNanos));
            return false;
        }
    }
}
