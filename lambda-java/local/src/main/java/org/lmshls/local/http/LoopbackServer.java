package org.lmshls.local.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server on 127.0.0.1 with a bounded pool of daemon worker threads: what the web pages and
 * the MediaConvert API both run on. {@link #close} stops it at once.
 */
public final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI url;

    private LoopbackServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Listens on {@code 127.0.0.1:port} (0: any free port), handling every path with {@code handler}. */
    public static LoopbackServer start(String name, int port, int threads, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        return new LoopbackServer(server, executor);
    }

    /** {@code http://127.0.0.1:PORT} (no trailing slash). */
    public URI url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
