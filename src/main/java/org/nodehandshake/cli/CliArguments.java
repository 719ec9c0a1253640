package org.nodehandshake.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ModuleOption;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.protocol.Network;

/**
 * The one-shot command line: {@code <dns_seed_name> [port] [timeout_ms] [options]}, options before or
 * after the positionals, as {@code --name value} or {@code --name=value}.
 *
 * @param properties the {@code handshake.*} overrides the options stand for
 */
public record CliArguments(boolean help, boolean version, Mode mode, Optional<Seed> seed, Optional<String> config,
                           Map<String, String> properties) {

    /** What the command line asks for. */
    public enum Mode {
        /** {@code <dns_seed_name> ...}: check one seed now. */
        CHECK,
        /** {@code --once}: check the configured seeds now. */
        ONCE,
        /** no name: check the configured seeds on their schedule until stopped. */
        SERVICE,
        /** {@code --listen}: accept inbound handshakes until stopped. */
        LISTEN
    }

    /** Responder mode ({@code --listen}) rather than a check. */
    public boolean listen() {
        return mode == Mode.LISTEN;
    }

    private static final ProtocolRegistry REGISTRY = ProtocolRegistry.builtIn();

    public static final String USAGE = """
            Usage: java -jar node-handshake.jar <dns_seed_name> [port] [timeout_ms] [options]
                   java -jar node-handshake.jar [--config FILE] [--once] [options]
                   java -jar node-handshake.jar --listen HOST:PORT [options]

            Resolves <dns_seed_name> (A and AAAA) and performs a protocol-level handshake with every
            address at once, then prints a summary and writes a JSON report.
            An IPv4/IPv6 literal or localhost skips DNS and is always contacted.
            Without a name: the service checks the seeds of handshake.seeds on the schedule
            handshake.schedule until stopped (SIGTERM/Ctrl-C); with --once, once.
            With --listen: accepts inbound handshakes until stopped (SIGTERM/Ctrl-C) and keeps a
            running report in <report-dir>/listener-latest.json.

              port                  TCP port of the nodes (default: the network's port, %d for %s)
              timeout_ms            deadline per address for connect + handshake (default 5000)

            Options:
              --network NAME        %s
                                    (default %s)
              --dns-server HOST[:PORT]  ask this DNS server (default port 53) instead of the system's
              --report-dir DIR      where reports are written (default reports)
              --concurrency N       handshakes in flight at once (default 256)
              --allow-private       also contact non-routable addresses found in DNS answers
              --timeout MS          deadline per connection (same as timeout_ms; default 5000)
              --linger MS           after a SUCCESS keep the connection open MS ms, answering pings,
                                    so the node's own tools can show it (default 0: close at once)
              --config FILE         properties file (default config/application.properties)
              --once                check the configured seeds once and exit (exit status as above)
              --listen HOST:PORT    responder mode: accept inbound handshakes on HOST:PORT
              --max-connections N   responder: concurrent inbound connections (default 1000)
              --max-per-ip N        responder: concurrent inbound connections per source IP (default 4)
              --help, -h            print this help
              --version             print the version
            %s
            Exit status: 0 at least one SUCCESS, 1 resolved but no SUCCESS, 2 bad arguments,
            3 the name did not resolve. Log level: environment variable LOG_LEVEL (default INFO).
            """.formatted(REGISTRY.defaultNetwork().defaultPort(), REGISTRY.defaultNetwork().id(), REGISTRY.names(),
            REGISTRY.defaultNetwork().id(), moduleOptionsHelp());

    /** The protocols' own options, as help lines in the options' columns. */
    private static String moduleOptionsHelp() {
        StringBuilder help = new StringBuilder();
        for (ModuleOption option : REGISTRY.options()) {
            String left = "  " + option.name() + " " + option.valueName();
            help.append(left.length() < 24 ? left + " ".repeat(24 - left.length()) : left + "\n" + " ".repeat(24))
                    .append(option.help()).append('\n');
        }
        return help.isEmpty() ? "" : "\nProtocol options:\n" + help;
    }

    public static CliArguments parse(String... args) throws UsageException {
        return new Parser(args).parse();
    }

    /** One parse: walks the arguments once, then decides the mode. */
    private static final class Parser {
        private final String[] args;
        private final List<String> positionals = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Network network = REGISTRY.defaultNetwork();
        private boolean networkGiven;
        private boolean help;
        private boolean version;
        private boolean once;
        private Optional<String> config = Optional.empty();
        private int next;

        Parser(String[] args) {
            this.args = args;
        }

        CliArguments parse() throws UsageException {
            boolean optionsEnded = false;
            while (next < args.length) {
                String arg = args[next++];
                if (!optionsEnded && arg.equals("--")) {
                    optionsEnded = true; // everything after -- is positional
                } else if (optionsEnded || !(arg.startsWith("--") || arg.equals("-h"))) {
                    positionals.add(arg);
                } else {
                    int eq = arg.indexOf('=');
                    option(eq > 0 ? arg.substring(0, eq) : arg, eq > 0 ? Optional.of(arg.substring(eq + 1)) : Optional.empty());
                }
            }
            return result();
        }

        private void option(String name, Optional<String> inline) throws UsageException {
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--version" -> version = true;
                case "--once" -> once = flag(name, inline);
                case "--allow-private" -> {
                    flag(name, inline);
                    properties.put("handshake.allow-private", "true");
                }
                case "--network", "--dns-server", "--report-dir", "--concurrency", "--timeout",
                        "--linger", "--listen", "--max-connections", "--max-per-ip", "--config" ->
                        valueOption(name, value(name, inline));
                default -> moduleOption(name, inline);
            }
        }

        private static boolean flag(String name, Optional<String> inline) throws UsageException {
            if (inline.isPresent()) {
                throw new UsageException(name + " takes no value");
            }
            return true;
        }

        /** The option's value: after '=' or the next argument. */
        private String value(String name, Optional<String> inline) throws UsageException {
            if (inline.isPresent()) {
                return inline.get();
            }
            if (next >= args.length) {
                throw new UsageException(name + " needs a value");
            }
            return args[next++];
        }

        private void valueOption(String name, String value) throws UsageException {
            switch (name) {
                case "--network" -> {
                    networkGiven = true;
                    network = REGISTRY.network(value).orElseThrow(() -> new UsageException(
                            "unknown network: " + value + " (expected one of: " + REGISTRY.names() + ")"));
                }
                case "--dns-server" -> properties.put("handshake.dns-server", checked(name, value,
                        HostAndPort.parse(value, 53).isPresent(), "not HOST[:PORT]: " + value));
                case "--report-dir" -> properties.put("handshake.report-dir",
                        checked(name, value, !value.isBlank(), "empty"));
                case "--concurrency" -> properties.put("handshake.concurrency", number(name, value, 1, 1_000_000));
                case "--timeout" -> properties.put("handshake.timeout-ms", number(name, value, 1, 3_600_000));
                case "--linger" -> properties.put("handshake.linger-ms", number(name, value, 0, 3_600_000));
                case "--listen" -> properties.put("handshake.listen", checked(name, value,
                        HostAndPort.parse(value, 0).isPresent(), "not HOST:PORT: " + value));
                case "--config" -> config = Optional.of(checked(name, value, !value.isBlank(), "empty"));
                case "--max-connections" -> properties.put("handshake.listen.max-connections",
                        number(name, value, 1, 1_000_000));
                case "--max-per-ip" -> properties.put("handshake.listen.max-per-address", number(name, value, 1, 1_000_000));
                default -> throw new AssertionError(name);
            }
        }

        /** An option a protocol module declares, checked by the module's own rule. */
        private void moduleOption(String name, Optional<String> inline) throws UsageException {
            ModuleOption option = REGISTRY.options().stream().filter(o -> o.name().equals(name)).findFirst()
                    .orElseThrow(() -> new UsageException("unknown option: " + name));
            String value = value(name, inline);
            Optional<String> problem = option.problem().apply(value);
            if (problem.isPresent()) {
                throw new UsageException(name + ": " + problem.get());
            }
            properties.put(option.property(), value);
        }

        private static String checked(String name, String value, boolean valid, String problem) throws UsageException {
            if (!valid) {
                throw new UsageException(name + ": " + problem);
            }
            return value;
        }

        private CliArguments result() throws UsageException {
            if (help || version) {
                return arguments(help, version, Mode.CHECK, Optional.empty());
            }
            if (properties.containsKey("handshake.listen")) {
                properties.put("handshake.network", network.id()); // a one-shot check carries it in its Seed
                if (!positionals.isEmpty() || once) {
                    throw new UsageException("--listen takes no <dns_seed_name> and no --once");
                }
                return arguments(false, false, Mode.LISTEN, Optional.empty());
            }
            if (positionals.isEmpty()) {
                if (networkGiven) {
                    properties.put("handshake.network", network.id()); // the default for seeds that name none
                }
                return arguments(false, false, once ? Mode.ONCE : Mode.SERVICE, Optional.empty());
            }
            if (once) {
                throw new UsageException("--once checks the configured seeds: it takes no <dns_seed_name>");
            }
            return arguments(false, false, Mode.CHECK, Optional.of(seed()));
        }

        /** {@code <dns_seed_name> [port] [timeout_ms]}. */
        private Seed seed() throws UsageException {
            if (positionals.size() > 3) {
                throw new UsageException("too many arguments: " + String.join(" ", positionals.subList(3, positionals.size())));
            }
            String name = positionals.get(0);
            if (name.isBlank()) {
                throw new UsageException("empty <dns_seed_name>");
            }
            int port = positionals.size() > 1
                    ? Integer.parseInt(number("port", positionals.get(1), 1, 65535)) : network.defaultPort();
            if (positionals.size() > 2) {
                properties.put("handshake.timeout-ms", number("timeout_ms", positionals.get(2), 1, 3_600_000));
            }
            return new Seed(name, port, network);
        }

        private CliArguments arguments(boolean help, boolean version, Mode mode, Optional<Seed> seed) {
            return new CliArguments(help, version, mode, seed, config, Map.copyOf(properties));
        }
    }

    /** A whole number within min..max, as the property's text. */
    private static String number(String what, String text, int min, int max) throws UsageException {
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw new UsageException(what + " out of range: " + text + " (expected: " + min + "-" + max + ")");
            }
            return Integer.toString(value);
        } catch (NumberFormatException e) {
            throw new UsageException(what + " is not a number: " + text);
        }
    }
}
