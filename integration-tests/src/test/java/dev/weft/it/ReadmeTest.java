package dev.weft.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The README's tour is tested, not just shown: every {@code console} block runs as a bash script
 * from the repository root (its {@code $ } lines are the commands; background jobs are stopped at
 * the end) and its standard output must be the block's other lines, pids and refs aside.
 */
class ReadmeTest {
    private static final Pattern BLOCK = Pattern.compile("```console\\n(.*?)```", Pattern.DOTALL);

    /** One console block: its commands and the output they must print. */
    record Block(int number, List<String> commands, List<String> output) {}

    static List<Block> blocks(String readme) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            List<String> commands = new ArrayList<>();
            List<String> output = new ArrayList<>();
            for (String line : m.group(1).split("\n")) {
                if (line.startsWith("$ ")) commands.add(line.substring(2));
                else output.add(line);
            }
            out.add(new Block(out.size() + 1, commands, output));
        }
        return out;
    }

    static List<String> normalized(List<String> lines) {
        return lines.stream()
                .map(l -> l.replaceAll("#PID<\\d+\\.\\d+\\.\\d+>", "#PID<_>").replaceAll("#Reference<[^>]*>", "#Reference<_>").stripTrailing())
                .filter(l -> !l.isEmpty())
                .toList();
    }

    @TestFactory
    Stream<DynamicTest> everyConsoleBlockPrintsWhatTheReadmeShows() throws IOException {
        List<Block> blocks = blocks(Files.readString(NodeProcess.ROOT.resolve("README.md")));
        assertFalse(blocks.isEmpty(), "the README has no console blocks");
        return blocks.stream().map(b -> DynamicTest.dynamicTest("block " + b.number() + ": " + b.commands().getFirst(), () -> run(b)));
    }

    private static void run(Block b) throws Exception {
        String script = "set -e\ntrap 'for j in $(jobs -p); do kill $j 2>/dev/null || true; done; wait' EXIT\n" + String.join("\n", b.commands()) + "\n";
        Path err = Files.createTempFile("readme-block", ".err");
        Process p = new ProcessBuilder("bash", "-c", script)
                .directory(NodeProcess.ROOT.toFile())
                .redirectError(err.toFile())
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "block " + b.number() + " did not finish");
        assertEquals(0, p.exitValue(), "block " + b.number() + " failed; stderr:\n" + Files.readString(err));
        assertEquals(normalized(b.output()), normalized(List.of(out.split("\n"))),
                "block " + b.number() + " printed something else; stderr:\n" + Files.readString(err));
    }
}
