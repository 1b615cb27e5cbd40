package dev.weft.term;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An Elixir atom: a named constant, compared by name. {@link #of} interns, so {@code ==} works
 * between atoms made by {@code of}; {@code equals} works between any two.
 *
 * <pre>{@code
 * Atom ok = Atom.of("ok");
 * assert ok == Atom.OK;
 * assert ok.toString().equals(":ok");
 * assert Atom.of("hello world").toString().equals(":\"hello world\"");
 * }</pre>
 *
 * @param name the atom's text, without the leading colon
 */
public record Atom(String name) implements Inspectable {
    private static final ConcurrentHashMap<String, Atom> TABLE = new ConcurrentHashMap<>();
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_@]*[?!]?");

    public static final Atom OK = of("ok");
    public static final Atom ERROR = of("error");
    public static final Atom NORMAL = of("normal");
    public static final Atom KILL = of("kill");
    public static final Atom KILLED = of("killed");
    public static final Atom SHUTDOWN = of("shutdown");
    public static final Atom NOPROC = of("noproc");
    public static final Atom NOCONNECTION = of("noconnection");
    public static final Atom TIMEOUT = of("timeout");
    public static final Atom UNDEFINED = of("undefined");
    public static final Atom EXIT = of("EXIT");
    public static final Atom DOWN = of("DOWN");
    public static final Atom PROCESS = of("process");

    public Atom {
        if (name == null) throw new IllegalArgumentException("an atom needs a name");
        if (name.length() > 255) throw new IllegalArgumentException("atom too long (" + name.length() + " > 255 characters)");
    }

    /** The interned atom named {@code name}. */
    public static Atom of(String name) {
        Atom a = TABLE.get(name);
        return a != null ? a : TABLE.computeIfAbsent(name, Atom::new);
    }

    /** Prints as Elixir's {@code inspect} does: {@code :ok}, {@code :"with space"}. */
    @Override
    public String toString() {
        return PLAIN.matcher(name).matches() ? ":" + name : ":" + Inspect.quote(name);
    }
}
