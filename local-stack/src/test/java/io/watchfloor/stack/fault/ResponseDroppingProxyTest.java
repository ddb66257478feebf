package io.watchfloor.stack.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's framing on a fake broker that answers every request frame with a response frame carrying its
 * correlation id: only Produce responses are dropped, other responses pass in order, and CLOSE ends the
 * connection after a drop.
 */
class ResponseDroppingProxyTest {
    private static final short METADATA = 3;
    private static final short API_VERSIONS = 18;

    private ServerSocket broker;
    private Thread brokerThread;

    @BeforeEach
    void startFakeBroker() throws IOException {
        broker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        brokerThread = new Thread(() -> {
            while (!broker.isClosed()) {
                try {
                    Socket connection = broker.accept();
                    Thread answer = new Thread(() -> answerEveryRequest(connection));
                    answer.setDaemon(true);
                    answer.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        brokerThread.setDaemon(true);
        brokerThread.start();
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
        brokerThread.join(5_000);
    }

    private static void answerEveryRequest(Socket connection) {
        try (connection; DataInputStream in = new DataInputStream(connection.getInputStream());
             DataOutputStream out = new DataOutputStream(connection.getOutputStream())) {
            while (true) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                int correlationId = ((frame[4] & 0xff) << 24) | ((frame[5] & 0xff) << 16)
                        | ((frame[6] & 0xff) << 8) | (frame[7] & 0xff);
                out.writeInt(8);
                out.writeInt(correlationId);
                out.writeInt(0xCAFE);
                out.flush();
            }
        } catch (IOException e) {
            // client gone
        }
    }

    private ResponseDroppingProxy proxy(double share, ResponseDroppingProxy.DropMode mode) throws IOException {
        return ResponseDroppingProxy.start(0, () -> new InetSocketAddress(InetAddress.getLoopbackAddress(),
                broker.getLocalPort()), share, mode, 1L);
    }

    private static void request(DataOutputStream out, short apiKey, int correlationId) throws IOException {
        out.writeInt(12);
        out.writeShort(apiKey);
        out.writeShort(9);
        out.writeInt(correlationId);
        out.writeInt(0);
        out.flush();
    }

    private static int response(DataInputStream in) throws IOException {
        assertEquals(8, in.readInt());
        int correlationId = in.readInt();
        assertEquals(0xCAFE, in.readInt());
        return correlationId;
    }

    @Test
    void shouldDropOnlyProduceResponsesAndPassTheRestInOrder() throws Exception {
        try (ResponseDroppingProxy proxy = proxy(1.0, ResponseDroppingProxy.DropMode.SILENT);
             Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            client.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            DataInputStream in = new DataInputStream(client.getInputStream());
            request(out, METADATA, 1);
            request(out, ResponseDroppingProxy.PRODUCE, 2);
            request(out, API_VERSIONS, 3);
            request(out, ResponseDroppingProxy.PRODUCE, 4);
            request(out, METADATA, 5);
            assertEquals(1, response(in));
            assertEquals(3, response(in));
            assertEquals(5, response(in));
            assertEquals(2, proxy.produceRequests());
            assertEquals(2, proxy.droppedResponses());
        }
    }

    @Test
    void shouldPassEveryResponseWithAShareOfZero() throws Exception {
        try (ResponseDroppingProxy proxy = proxy(0.0, ResponseDroppingProxy.DropMode.CLOSE);
             Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            client.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            DataInputStream in = new DataInputStream(client.getInputStream());
            for (int id = 1; id <= 50; id++) {
                request(out, ResponseDroppingProxy.PRODUCE, id);
                assertEquals(id, response(in));
            }
            assertEquals(50, proxy.produceResponses());
            assertEquals(0, proxy.droppedResponses());
        }
    }

    @Test
    void shouldCloseTheConnectionAfterADropInCloseMode() throws Exception {
        try (ResponseDroppingProxy proxy = proxy(1.0, ResponseDroppingProxy.DropMode.CLOSE);
             Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            client.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            DataInputStream in = new DataInputStream(client.getInputStream());
            request(out, METADATA, 1);
            assertEquals(1, response(in));
            request(out, ResponseDroppingProxy.PRODUCE, 2);
            assertThrows(EOFException.class, in::readInt, "the connection ends instead of the response");
            assertEquals(1, proxy.droppedResponses());
        }
    }
}
