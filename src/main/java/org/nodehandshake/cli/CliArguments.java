package org.nodehandshake.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nodehandshake.camel.HandshakeSettings;
import org.nodehandshake.module.ModuleOption;
import org.nodehandshake.module.ProtocolRegistry;

/**
 * The command line turned into {@code handshake.*} properties, the mode and the configuration file:
 * {@code <dns_seed_name> [port] [timeout_ms] [options]}, options before or after the positionals, as
 * {@code --name value} or {@code --name=value}. Only the syntax is checked here (known options, a
 * value where one is needed, no empty value, the mode's arguments); the values are checked once, with
 * every other setting, by {@link HandshakeSettings} and the protocol modules when Camel is configured.
 *
 * @param quiet {@code --quiet}: no progress line on a terminal (the log lines are as they are)
 * @param properties the {@code handshake.*} overrides the options and positionals stand for
 * @param givenAs per property set here, the option or positional that set it (for error messages)
 */
public record CliArguments(boolean help, boolean version, boolean quiet, Mode mode, Optional<String> config,
                           Map<String, String> properties, Map<String, String> givenAs) {

    /** What the command line asks for. */
    public enum Mode {
        /** {@code <dns_seed_name> ...}: check one seed now. */
        CHECK,
        /** {@code --once}: check the configured seeds now. */
        ONCE,
        /** no name: check the configured seeds on their schedule until stopped. */
        SERVICE,
        /** {@code --listen}: accept inbound handshakes until stopped. */
        LISTEN,
        /** {@code --history SEED}: print a seed's trend from the history database; no traffic. */
        HISTORY,
        /** {@code --worker --vantage NAME}: check the jobs of the Kafka jobs topic until stopped. */
        WORKER
    }

    /** Responder mode ({@code --listen}) rather than a check. */
    public boolean listen() {
        return mode == Mode.LISTEN;
    }

    /**
     * A settings problem about {@code key} in the command line's words: when this command line set the
     * key, the message names the option or positional instead ({@code handshake.check.port out of range:
     * 0 ...} reads {@code port out of range: 0 ...}); empty when the key's value came from elsewhere.
     */
    public Optional<String> inArgumentTerms(String key, String message) {
        String argument = givenAs.get(key);
        if (argument == null || !message.startsWith(key)) {
            return Optional.empty();
        }
        return Optional.of(argument + message.substring(key.length()));
    }

    private static final ProtocolRegistry REGISTRY = ProtocolRegistry.builtIn();

    /** The options of our own that take a value, and the property each sets. */
    private static final Map<String, String> VALUE_OPTIONS = Map.ofEntries(
            Map.entry("--network", "handshake.network"),
            Map.entry("--dns-server", "handshake.dns-server"),
            Map.entry("--report-dir", "handshake.report-dir"),
            Map.entry("--concurrency", "handshake.concurrency"),
            Map.entry("--timeout", "handshake.timeout-ms"),
            Map.entry("--linger", "handshake.linger-ms"),
            Map.entry("--listen", "handshake.listen"),
            Map.entry("--max-connections", "handshake.listen.max-connections"),
            Map.entry("--max-per-ip", "handshake.listen.max-per-address"),
            Map.entry("--metrics-listen", HandshakeSettings.METRICS_LISTEN),
            Map.entry("--history", HistoryRunner.SEED),
            Map.entry("--vantage", "handshake.kafka.vantage"));

    /** The positionals of a one-shot check, in order, and the property each sets. */
    private static final List<Map.Entry<String, String>> POSITIONALS = List.of(
            Map.entry("<dns_seed_name>", HandshakeSettings.CHECK_SEED),
            Map.entry("port", HandshakeSettings.CHECK_PORT),
            Map.entry("timeout_ms", "handshake.timeout-ms"));

    public static final String USAGE = """
            Usage: java -jar node-handshake.jar <dns_seed_name> [port] [timeout_ms] [options]
                   java -jar node-handshake.jar [--config FILE] [--once] [options]
                   java -jar node-handshake.jar --listen HOST:PORT [options]
                   java -jar node-handshake.jar --history SEED [--config FILE] [options]
                   java -jar node-handshake.jar --worker --vantage NAME [--config FILE] [options]

            Resolves <dns_seed_name> (A and AAAA) and performs a protocol-level handshake with every
            address at once, then prints a summary and writes a JSON report.
            An IPv4/IPv6 literal or localhost skips DNS and is always contacted.
            <dns_seed_name> is a seed entry as in handshake.seeds: name[:port][@network][/filter], e.g.
            seed.example/x9 asks x9.seed.example and checks every node against the filter; /x* asks
            every filter the network's seeders answer, one by one. An entry may end with settings of
            its own that its network takes, ;key=value: seed.example;transport=v1 opens with v1
            whatever --transport says.
            Without a name: the service checks the seeds of handshake.seeds on the schedule
            handshake.schedule until stopped (SIGTERM/Ctrl-C); with --once, once.
            With --listen: accepts inbound handshakes until stopped (SIGTERM/Ctrl-C) and keeps a
            running report in <report-dir>/listener-latest.json.
            With --history: prints the trend of SEED (a seed entry, name[:port][@network][/x<hex>]) from
            the run history (handshake.history.*), without any traffic.
            With --worker: takes check jobs from Kafka (handshake.kafka.*) as vantage point NAME and
            publishes each seed's report until stopped; the service with handshake.kafka.* set is their
            coordinator and writes the run reports.

              port                  TCP port of the nodes (default: the network's port, %d for %s)
              timeout_ms            deadline per address for connect + handshake (default 5000)

            Options:
              --network NAME        %s
                                    (default: handshake.network, %s as shipped)
              --dns-server HOST[:PORT]  ask this DNS server (default port 53) instead of the system's
              --report-dir DIR      where reports are written (default reports)
              --concurrency N       handshakes in flight at once (default 4096)
              --allow-private       also contact non-routable addresses found in DNS answers
              --timeout MS          deadline per connection (same as timeout_ms; default 5000)
              --linger MS           after a SUCCESS keep the connection open MS ms, answering pings,
                                    so the node's own tools can show it (default 0: close at once)
              --config FILE         properties file (default config/application.properties)
              --once                check the configured seeds once and exit (exit status as above)
              --quiet               no live progress line during a check on a terminal (the log is
                                    unchanged; there is none anyway when the output is not a terminal
                                    or TERM is dumb)
              --listen HOST:PORT    responder mode: accept inbound handshakes on HOST:PORT
              --max-connections N   responder: concurrent inbound connections (default 1000)
              --max-per-ip N        responder: concurrent inbound connections per source IP (default 4)
              --metrics-listen HOST:PORT  service and responder: serve /metrics, /health and /ready
                                    there (default 127.0.0.1:9464; handshake.metrics.listen empty: none)
              --history SEED        print SEED's trend table from the run history and exit
              --worker              check the jobs the coordinator publishes on Kafka (needs --vantage)
              --vantage NAME        the worker's vantage point, as the reports name it
              --help, -h            print this help
              --version             print the version
            %s
            Exit status: 0 at least one SUCCESS, 1 resolved but no SUCCESS, 2 bad arguments or settings
            (or a report directory that cannot be written, before any traffic; for the service and
            --listen also a metrics address that cannot be bound), 3 the name did not resolve,
            4 the handshakes ran but the report could not be written. --history: 0 printed, 1 no run of
            the seed recorded, 2 bad arguments or the history off, 5 the history cannot be read.
            Log level: environment variable LOG_LEVEL (default INFO).
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
        private final Map<String, String> givenAs = new LinkedHashMap<>();
        private boolean help;
        private boolean version;
        private boolean once;
        private boolean quiet;
        private boolean worker;
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
                case "--quiet" -> quiet = flag(name, inline);
                case "--worker" -> worker = flag(name, inline);
                case "--allow-private" -> {
                    flag(name, inline);
                    set(name, "handshake.allow-private", "true");
                }
                case "--config" -> config = Optional.of(value(name, inline));
                default -> {
                    String property = VALUE_OPTIONS.containsKey(name) ? VALUE_OPTIONS.get(name)
                            : REGISTRY.options().stream().filter(o -> o.name().equals(name)).findFirst()
                                    .map(ModuleOption::property)
                                    .orElseThrow(() -> new UsageException("unknown option: " + name));
                    set(name, property, value(name, inline));
                }
            }
        }

        private static boolean flag(String name, Optional<String> inline) throws UsageException {
            if (inline.isPresent()) {
                throw new UsageException(name + " takes no value");
            }
            return true;
        }

        /** The option's value: after '=' or the next argument; not blank, which a property reads as "the default". */
        private String value(String name, Optional<String> inline) throws UsageException {
            String value;
            if (inline.isPresent()) {
                value = inline.get();
            } else if (next < args.length) {
                value = args[next++];
            } else {
                throw new UsageException(name + " needs a value");
            }
            if (value.isBlank()) {
                throw new UsageException(name + ": empty");
            }
            return value;
        }

        private void set(String argument, String key, String value) {
            properties.put(key, value);
            givenAs.put(key, argument);
        }

        private CliArguments result() throws UsageException {
            if (help || version) {
                return arguments(Mode.CHECK); // nothing else is looked at
            }
            if (properties.containsKey(HandshakeSettings.METRICS_LISTEN) && (once || worker || !positionals.isEmpty()
                    || properties.containsKey(HistoryRunner.SEED))) {
                throw new UsageException("--metrics-listen is for the service and --listen: a run that ends serves no metrics,"
                        + " and a worker's figures are in the coordinator's");
            }
            if (worker || properties.containsKey("handshake.kafka.vantage")) {
                if (!worker || !properties.containsKey("handshake.kafka.vantage")) {
                    throw new UsageException("--worker and --vantage NAME go together");
                }
                if (!positionals.isEmpty() || once || properties.containsKey("handshake.listen")
                        || properties.containsKey(HistoryRunner.SEED)) {
                    throw new UsageException("--worker takes no <dns_seed_name>, no --once, --listen or --history");
                }
                return arguments(Mode.WORKER);
            }
            if (properties.containsKey(HistoryRunner.SEED)) {
                if (!positionals.isEmpty() || once || properties.containsKey("handshake.listen")) {
                    throw new UsageException("--history takes no <dns_seed_name>, no --once and no --listen");
                }
                return arguments(Mode.HISTORY);
            }
            if (properties.containsKey("handshake.listen")) {
                if (!positionals.isEmpty() || once) {
                    throw new UsageException("--listen takes no <dns_seed_name> and no --once");
                }
                return arguments(Mode.LISTEN);
            }
            if (positionals.isEmpty()) {
                return arguments(once ? Mode.ONCE : Mode.SERVICE);
            }
            if (once) {
                throw new UsageException("--once checks the configured seeds: it takes no <dns_seed_name>");
            }
            checkSeed();
            return arguments(Mode.CHECK);
        }

        /**
         * {@code <dns_seed_name> [port] [timeout_ms]} as properties (the positional timeout wins over
         * {@code --timeout}); without a port the seed's is the network's, whatever a file says.
         */
        private void checkSeed() throws UsageException {
            if (positionals.size() > POSITIONALS.size()) {
                throw new UsageException("too many arguments: "
                        + String.join(" ", positionals.subList(POSITIONALS.size(), positionals.size())));
            }
            for (int i = 0; i < positionals.size(); i++) {
                String name = POSITIONALS.get(i).getKey();
                if (positionals.get(i).isBlank()) {
                    throw new UsageException("empty " + name);
                }
                set(name, POSITIONALS.get(i).getValue(), positionals.get(i));
            }
            properties.putIfAbsent(HandshakeSettings.CHECK_PORT, "");
        }

        private CliArguments arguments(Mode mode) {
            return new CliArguments(help, version, quiet, mode, config, Map.copyOf(properties), Map.copyOf(givenAs));
        }
    }
}
