package dev.weft.otp;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;

/** Server names: a pid, a registered {@link Atom}, {@code {name, node}}, or a {@link ViaName} (such as a {@link Registry.Via}). */
final class Names {
    private Names() {}

    /** A server registered as {@code name} on another node: Elixir's {@code {name, node}}. */
    record Remote(Atom name, Atom node) {}

    /** {@code server} as a {@link Remote}, if it is {@code {name, node}} for another node; else null. */
    static Remote remote(Object server) {
        return server instanceof Tuple t && t.size() == 2 && t.get(0) instanceof Atom name && t.get(1) instanceof Atom node
                && !node.equals(NodeNames.local()) ? new Remote(name, node) : null;
    }

    /** Throws unless {@code name} can name a new server (null, an Atom or a ViaName). */
    static void check(Object name) {
        switch (name) {
            case null -> { }
            case Atom atom -> { }
            case Registry.Via via -> Registry.checkName(via);
            case ViaName via -> { }
            default -> throw new IllegalArgumentException("cannot register a server as " + name + " (" + name.getClass().getName()
                    + "): a name is an Atom or a ViaName (Registry.Via, Global.Name)");
        }
    }

    /**
     * The pid {@code server} stands for, or null if nothing is registered under it (or it is null,
     * Elixir's {@code nil}: calling it exits with {@code :noproc}, as on the BEAM).
     */
    static Pid whereis(Object server) {
        return switch (server) {
            case null -> null;
            case Pid pid -> pid;
            case Atom name -> Kernel.whereis(name);
            case ViaName via -> via.whereis();
            case Tuple t when t.size() == 2 && t.get(0) instanceof Atom name && NodeNames.local().equals(t.get(1)) -> Kernel.whereis(name);
            case Tuple t when remote(t) != null -> throw new IllegalArgumentException("cannot find the server " + server
                    + " from here: it is on another node; call, cast and stop reach it by name, the rest takes its pid");
            default -> throw new IllegalArgumentException("cannot find the server " + server
                    + ": a server is a Pid, a registered Atom, {name, node} or a ViaName (Registry.Via, Global.Name)");
        };
    }

    /** Registers the caller under {@code name}; returns null, or the pid that already has the name. */
    static Pid register(Object name) {
        Pid me = Kernel.self();
        for (;;) {
            switch (name) {
                case null -> { return null; }
                case Atom atom -> {
                    Pid other = Kernel.whereis(atom);
                    if (other != null) return other;
                    try {
                        Kernel.register(me, atom);
                        return null;
                    } catch (IllegalArgumentException e) {
                        if (Kernel.whereis(atom) == null) throw e;   // not a lost race: a bad name
                    }
                }
                case ViaName via -> { return via.register(); }
                default -> throw new IllegalArgumentException("cannot register " + me + " as " + name);
            }
        }
    }

    /** Undoes {@link #register} after a failed start. */
    static void unregister(Object name) {
        switch (name) {
            case Atom atom when me(atom) -> Kernel.unregister(atom);
            case ViaName via -> via.unregister();
            case null, default -> { }
        }
    }

    private static boolean me(Atom atom) {
        return Kernel.self().equals(Kernel.whereis(atom));
    }
}
