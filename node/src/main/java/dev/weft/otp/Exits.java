package dev.weft.otp;

import dev.weft.process.Down;
import dev.weft.process.ExitException;
import dev.weft.term.Atom;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Exit reasons shared by the behaviours: which ones are quiet, and the shape of a failed call. */
final class Exits {
    static final Atom INFINITY = Atom.of("infinity");
    private static final Atom NODEDOWN = Atom.of("nodedown");

    private Exits() {}

    /** {@code :normal}, {@code :shutdown} and {@code {:shutdown, _}}: ends that OTP does not report. */
    static boolean quiet(Object reason) {
        return Atom.NORMAL.equals(reason) || Atom.SHUTDOWN.equals(reason)
                || reason instanceof Tuple t && t.is(Atom.SHUTDOWN, 2);
    }

    /** {@code {reason, {module, fun, args}}}, as a failed {@code GenServer.call} or {@code Task.await} exits. */
    static ExitException failed(Object reason, String module, String fun, Object... args) {
        return new ExitException(Tuple.of(reason, Tuple.of(Atom.of("Elixir." + module), Atom.of(fun), Arrays.asList(args))));
    }

    /**
     * The reason of a monitor's DOWN as a call exits with it: {@code {:nodedown, node}} for
     * {@code :noconnection}, as {@code gen:call} and Elixir's {@code Task.await} do, else the reason.
     */
    static Object callReason(Down d) {
        return Atom.NOCONNECTION.equals(d.reason()) ? Tuple.of(NODEDOWN, d.pid().node()) : d.reason();
    }

    /**
     * The exit reason for {@code t} thrown in a behaviour's process: an exit's own reason, or for any
     * other exception Elixir's {@code {exception, stacktrace}} (a tuple, so the runtime does not log
     * the exception a second time: the behaviour's report already did).
     */
    static Object reasonOf(Throwable t) {
        return t instanceof ExitException e ? e.reason() : Tuple.of(t, List.of(t.getStackTrace()));
    }

    /** The exception inside a reason made by {@link #reasonOf}, or null. */
    static Throwable exception(Object reason) {
        return reason instanceof Tuple t && t.size() == 2 && t.get(0) instanceof Throwable e ? e : null;
    }

    /** {@code timeout} in nanoseconds, with {@link GenServer#INFINITY} (or anything past ~70 years) capped. */
    static long saturatedNanos(Duration timeout) {
        try {
            return Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** A timeout as Elixir prints it in exit reasons: milliseconds, or {@code :infinity}. */
    static Object timeoutTerm(Duration timeout) {
        try {
            return timeout.toMillis();
        } catch (ArithmeticException e) {
            return INFINITY;
        }
    }
}
