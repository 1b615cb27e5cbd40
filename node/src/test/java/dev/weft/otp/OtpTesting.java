package dev.weft.otp;

import static dev.weft.process.Kernel.NO_MATCH;
import static dev.weft.process.Kernel.receive;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.process.ExitException;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the otp tests. */
final class OtpTesting {
    static final Duration WAIT = Duration.ofSeconds(5);

    private OtpTesting() {}

    static Object received(Object expected) {
        Object got = receive(m -> m.equals(expected) ? m : NO_MATCH, WAIT, () -> null);
        assertNotNull(got, "expected " + expected + " in the mailbox");
        return got;
    }

    static Down awaitDown(Ref ref) {
        Down d = receive(m -> m instanceof Down x && x.ref().equals(ref) ? x : NO_MATCH, WAIT, () -> null);
        assertNotNull(d, "no DOWN for " + ref);
        return d;
    }

    static Exit awaitExit(Pid from) {
        Exit e = receive(m -> m instanceof Exit x && x.from().equals(from) ? x : NO_MATCH, WAIT, () -> null);
        assertNotNull(e, "no EXIT from " + from);
        return e;
    }

    /** The reason of the exit {@code body} raises. */
    static Object exitReason(Executable body) {
        return assertThrows(ExitException.class, body).reason();
    }

    /** Records what the {@code dev.weft.otp} logger logs until closed. */
    static final class CapturedLog extends Handler implements AutoCloseable {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final Logger logger = Logger.getLogger("dev.weft.otp");

        CapturedLog() {
            logger.addHandler(this);
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            for (LogRecord r : records) sb.append(r.getMessage()).append('\n');
            return sb.toString();
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
