package dev.weft.process;

import dev.weft.term.Inspect;

/**
 * A process exit in flight: thrown by {@link Kernel#exit(Object)}, by the runtime when an exit
 * signal ends the process, and by calls that fail the way Erlang's exit (for example
 * {@code {:timeout, {GenServer, :call, [...]}}}). Uncaught, it ends the process with {@link #reason()};
 * unlike other exceptions it does not log an error report.
 *
 * <pre>{@code
 * Pid pid = Kernel.spawn(() -> { throw new ExitException(Atom.of("done")); });
 * }</pre>
 */
public class ExitException extends RuntimeException {
    private final transient Object reason;

    public ExitException(Object reason) {
        super(null, null, false, false);
        this.reason = reason;
    }

    /** Made when asked for, not when thrown: a killed process never needs it. */
    @Override
    public String getMessage() {
        return "exited with reason: " + Inspect.inspect(reason);
    }

    /** The exit reason, a term. */
    public Object reason() {
        return reason;
    }
}
