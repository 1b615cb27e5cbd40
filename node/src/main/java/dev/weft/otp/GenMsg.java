package dev.weft.otp;

import dev.weft.otp.GenServer.From;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;
import dev.weft.term.Pid;
import dev.weft.term.Ref;

/** The messages between GenServer clients and servers; they print like OTP's tuples. */
sealed interface GenMsg extends Inspectable {
    /** {@code {:"$gen_call", from, request}}. */
    record Call(From from, Object request) implements GenMsg {
        @Override
        public String toString() {
            return "{:\"$gen_call\", " + from + ", " + Inspect.inspect(request) + "}";
        }
    }

    /** {@code {:"$gen_cast", request}}. */
    record Cast(Object request) implements GenMsg {
        @Override
        public String toString() {
            return "{:\"$gen_cast\", " + Inspect.inspect(request) + "}";
        }
    }

    /** {@code {ref, reply}}: the answer to a call. */
    record CallReply(Ref ref, Object reply) implements GenMsg {
        @Override
        public String toString() {
            return "{" + ref + ", " + Inspect.inspect(reply) + "}";
        }
    }

    /** The system message of {@code GenServer.stop}: terminate with {@code reason}. */
    record SysStop(Object reason) implements GenMsg {
        @Override
        public String toString() {
            return "{:system, :terminate, " + Inspect.inspect(reason) + "}";
        }
    }

    /**
     * {@code proc_lib}'s {@code init_ack}: the new server {@code pid} tells its starter how {@code init}
     * went: {@code :ok}, {@code :ignore}, or {@code :error} with {@code reason}.
     */
    record Ack(Pid pid, Atom outcome, Object reason) implements GenMsg {
        @Override
        public String toString() {
            return "{:ack, " + pid + ", " + outcome + ", " + Inspect.inspect(reason) + "}";
        }
    }
}
