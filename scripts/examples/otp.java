// The OTP and IO tour: Task, Agent, a supervisor restarting :kv, a file that is a process, group leaders.
// Run it: scripts/weft run scripts/examples/otp.java /tmp/weft-hello.txt
import static dev.weft.process.Kernel.*;

import dev.weft.io.FileIO;
import dev.weft.io.IO;
import dev.weft.otp.*;
import dev.weft.process.*;
import dev.weft.term.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

void main(String[] args) {
    // Task: run something concurrently and await its result
    Task<Integer> task = Task.async(() -> 1 + 2);
    IO.puts("1. Task.async(() -> 1 + 2).await() = " + task.await());

    // Agent: state behind a process
    Pid agent = Agent.startLink(() -> new HashMap<String, Integer>());
    Agent.update(agent, (Map<String, Integer> m) -> { var n = new HashMap<>(m); n.put("hello", 1); return n; });
    IO.puts("2. the agent holds " + Inspect.inspect(Agent.get(agent, (Map<String, Integer> m) -> m)));

    // a supervisor restarts the :kv agent when it is killed
    Atom kv = Atom.of("kv");
    Pid sup = Supervisor.startLink(List.of(ChildSpec.worker(kv, () -> Agent.startLink(() -> Map.of(), kv))),
            Supervisor.Strategy.ONE_FOR_ONE);
    Pid first = whereis(kv);
    Ref watch = monitor(first);
    exit(first, Atom.KILL);
    receive(m -> m instanceof Down d && d.ref().equals(watch) ? d : NO_MATCH);
    Pid second = null;
    while (second == null || second.equals(first)) second = whereis(kv);   // the restart is asynchronous
    IO.puts("3. killed :kv " + first + ", the supervisor restarted it as a new process: " + !second.equals(first));
    Supervisor.stop(sup);

    // a file is a process: File.open gives a pid, IO.write sends it messages
    Path path = Path.of(args.length > 0 ? args[0] : "weft-hello.txt");
    Pid file = FileIO.open(path.toString(), FileIO.WRITE);
    IO.write(file, "hello from a file device\n");
    FileIO.close(file);
    IO.puts("4. FileIO.open gave " + file + "; the file now says: "
            + new String(FileIO.read(path), StandardCharsets.UTF_8).strip());

    // every process has a group leader; :stdio means "my group leader"
    IO.puts(Atom.of("stdio"), "5. hello through :stdio");
    IO.puts(groupLeader(), "6. hello through groupLeader() " + (groupLeader() != null ? "(a pid)" : ""));
}
