package io.watchfloor.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MachineTest {

    @Test
    void shouldGiveDistinctPortsThatCanBeBoundAgain() throws Exception {
        int[] ports = Machine.freePorts(5);

        assertEquals(5, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
        for (int port : ports) {
            assertTrue(port > 0 && port < 65536, "port " + port);
            try (ServerSocket again = new ServerSocket(port)) {
                assertEquals(port, again.getLocalPort());
            }
        }
    }

    @Test
    void shouldReadThreeLoadAveragesOnLinux() {
        String load = Machine.loadAverage();

        assertTrue(load.matches("\\d+\\.\\d+ \\d+\\.\\d+ \\d+\\.\\d+") || load.equals("unknown"), load);
    }
}
