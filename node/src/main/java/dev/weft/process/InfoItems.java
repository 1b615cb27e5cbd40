package dev.weft.process;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The items of {@code Process.info/2} ({@code erlang:process_info/2}) that Weft answers, and each
 * one's value as Elixir 1.14 gives it, read from a process by {@link Proc#readAfterSignals} or by
 * the process itself.
 */
final class InfoItems {
    private static final Atom MESSAGES = Atom.of("messages");
    private static final Atom DICTIONARY = Atom.of("dictionary");
    private static final List<Atom> KNOWN = Stream.of("status", "message_queue_len", "messages", "links",
            "monitors", "monitored_by", "registered_name", "dictionary", "group_leader", "trap_exit",
            "initial_call").map(Atom::of).toList();
    /** What the BEAM gives for a process spawned from a fun, which every Weft process is. */
    private static final Tuple APPLY = Tuple.of(Atom.of("erlang"), Atom.of("apply"), 2);

    private InfoItems() {}

    /** {@code items} asked of {@code pid}, checked: an item Weft does not answer is refused, as the BEAM's badarg. */
    static List<Atom> check(Pid pid, List<Atom> items) {
        if (items == null) throw new IllegalArgumentException("cannot get the info of " + pid + ": no items given (caller " + Kernel.self() + ")");
        for (Atom item : items) {
            if (item == null || !KNOWN.contains(item)) {
                throw new IllegalArgumentException("cannot get the info of " + pid + ": unknown item " + item
                        + " (known: " + KNOWN + "; caller " + Kernel.self() + ")");
            }
        }
        return List.copyOf(items);
    }

    /** Whether {@code items} need what only the process itself may read: its messages or its dictionary. */
    static boolean ownerOnly(List<Atom> items) {
        return items.contains(MESSAGES) || items.contains(DICTIONARY);
    }

    /** {@code {item, value}} for each of {@code items}, in order, of {@code p} in {@code status}. */
    static List<Tuple> read(Proc p, Atom status, List<Atom> items) {
        ProcessInfo info = p.info(status);
        List<Tuple> out = new ArrayList<>(items.size());
        for (Atom item : items) out.add(Tuple.of(item, value(p, info, item)));
        return List.copyOf(out);
    }

    private static Object value(Proc p, ProcessInfo info, Atom item) {
        return switch (item.name()) {
            case "status" -> info.status();
            case "message_queue_len" -> info.messageQueueLen();
            case "messages" -> p.messages();
            case "links" -> info.links();
            case "monitors" -> info.monitors().stream().map(pid -> Tuple.of(Atom.PROCESS, pid)).toList();
            case "monitored_by" -> info.monitoredBy();
            case "registered_name" -> info.registeredName() != null ? info.registeredName() : List.of();
            case "dictionary" -> p.dictionary == null ? List.of()
                    : p.dictionary.entrySet().stream().map(e -> Tuple.of(e.getKey(), e.getValue())).toList();
            case "group_leader" -> info.groupLeader() != null ? info.groupLeader() : Kernel.defaultGroupLeader();
            case "trap_exit" -> info.trapExit();
            case "initial_call" -> APPLY;
            default -> throw new IllegalStateException("info item " + item + " is known but has no value");
        };
    }
}
