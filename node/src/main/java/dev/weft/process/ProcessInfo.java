package dev.weft.process;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import java.util.List;

/**
 * A snapshot of one process, as {@code Process.info/1} shows it. Taken from another process it can
 * be stale by the time it is read. {@link Kernel#info(Pid, Atom)} gives single items as Elixir's
 * terms, among them the messages and the dictionary this record leaves out.
 *
 * <pre>{@code
 * ProcessInfo info = Kernel.info(Kernel.self());
 * System.out.println(info.status() + " " + info.messageQueueLen());
 * }</pre>
 *
 * @param pid             the process
 * @param status          {@code :running}, {@code :waiting} (in receive) or {@code :exiting}
 * @param messageQueueLen messages in its mailbox
 * @param links           the processes it is linked to
 * @param monitors        the processes it monitors
 * @param monitoredBy     the processes that monitor it
 * @param registeredName  its registered name, or null
 * @param groupLeader     its group leader (where its IO goes), or null before IO is started
 * @param trapExit        whether it traps exits
 */
public record ProcessInfo(Pid pid, Atom status, int messageQueueLen, List<Pid> links, List<Pid> monitors,
                          List<Pid> monitoredBy, Atom registeredName, Pid groupLeader, boolean trapExit) {}
