package org.lmshls.local.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the library and watch pages, for the commands that serve them. */
final class WebOptions {
    @Option(
            names = "--web-port",
            defaultValue = "0",
            description = "Port of the library and watch pages on 127.0.0.1 (0: any free port).")
    int webPort;

    @Option(
            names = "--web-dir",
            description = "The built pages (default: web/dist of this checkout, built by `make web`).")
    Path webDir;
}
