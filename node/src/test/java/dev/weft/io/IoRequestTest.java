package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.util.List;
import org.junit.jupiter.api.Test;

class IoRequestTest {
    @Test
    void requestsPrintLikeElixirInspectsTheErlangTuples() {
        Pid me = Kernel.self();
        Ref ref = Kernel.makeRef();
        String printed = Inspect.inspect(new IoRequest(me, ref, new PutChars(PutChars.UNICODE, "hello")));
        assertEquals("{:io_request, " + me + ", " + ref + ", {:put_chars, :unicode, \"hello\"}}", printed);
        assertTrue(printed.matches("\\{:io_request, #PID<0\\.\\d+\\.0>, #Reference<[0-9.]+>, \\{:put_chars, :unicode, \"hello\"}}"), printed);
    }

    @Test
    void everyRequestAndReplyPrintsAsItsTuple() {
        assertEquals("{:put_chars, :latin1, <<1, 2>>}", new PutChars(PutChars.LATIN1, new byte[] {1, 2}).toString());
        assertEquals("{:get_chars, :unicode, \"\", 10}", new GetChars(PutChars.UNICODE, "", 10).toString());
        assertEquals("{:get_line, :latin1, \"> \"}", new GetLine(PutChars.LATIN1, "> ").toString());
        assertEquals("{:setopts, [:binary]}", new SetOpts(List.of(Atom.of("binary"))).toString());
        assertEquals(":getopts", new GetOpts().toString());
        assertEquals("{:requests, [:getopts, {:get_line, :unicode, \"\"}]}",
                new Requests(List.of(new GetOpts(), new GetLine(PutChars.UNICODE, ""))).toString());
        assertEquals("{:io_reply, :r, :eof}", new IoReply(Atom.of("r"), Atom.of("eof")).toString());
    }
}
