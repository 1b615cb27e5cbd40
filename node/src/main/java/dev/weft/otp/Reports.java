package dev.weft.otp;

import dev.weft.process.Kernel;
import dev.weft.term.Inspect;
import java.lang.System.Logger.Level;

/** Error reports of the behaviours, through the {@code dev.weft.otp} logger. */
final class Reports {
    static final System.Logger LOG = System.getLogger("dev.weft.otp");

    private Reports() {}

    /** Logs {@code header}, the reason, and {@code details}; a Throwable reason is logged with its stack. */
    static void error(String header, Object reason, String details) {
        Throwable t = Exits.exception(reason);
        LOG.log(Level.ERROR, () -> header + "\n** " + describe(reason) + details, t);
    }

    /** Elixir's {@code ** (stop) reason} line, or {@code ** (Exception) message} for a raise. */
    static String describe(Object reason) {
        Throwable t = Exits.exception(reason);
        return t != null ? "(" + t.getClass().getName() + ") " + t.getMessage() : "(stop) " + Inspect.inspect(reason);
    }

    /** The calling process, with its name when it has one: {@code #PID<0.90.0> (:name)}. */
    static String whoAmI(Object name) {
        return Kernel.self() + (name == null ? "" : " (" + Inspect.inspect(name) + ")");
    }
}
