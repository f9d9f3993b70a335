package io.vfmigrate.adapters.fakes;

import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.HostShell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A host whose shell answers the Open vSwitch commands of the lab's embedded switch (ovs-vsctl, ovs-appctl fdb/*,
 * ovs-ofctl flows), with the state they change, so that a test reads what a pool programmed as the switch has it.
 */
public final class FakeEswitch implements HostShell {
    private final String host;
    private final Map<String, Integer> ofports = new LinkedHashMap<>();
    private final Map<String, Integer> tags = new TreeMap<>();
    /** "vlan mac" -> port. */
    private final Map<String, String> fdb = new TreeMap<>();
    private final List<String> flows = new ArrayList<>();
    private final List<List<String>> commands = new ArrayList<>();

    public FakeEswitch(String host) { this.host = host; }

    public FakeEswitch port(String name) {
        ofports.put(name, ofports.size() + 1);
        return this;
    }

    public FakeEswitch removePort(String name) {
        ofports.remove(name);
        return this;
    }

    public Map<String, String> fdb() { return Map.copyOf(fdb); }
    public Map<String, Integer> tags() { return Map.copyOf(tags); }
    public List<String> flows() { return List.copyOf(flows); }
    public List<List<String>> commands() { return List.copyOf(commands); }

    @Override public String host() { return host; }

    private int calls;

    /** How many calls reached the host: a command alone, or a sequence run in one call. */
    public int calls() { return calls; }

    @Override
    public synchronized ExecResult runAll(List<List<String>> sequence, Duration timeout) {
        int before = calls;
        ExecResult result = HostShell.super.runAll(sequence, timeout);
        calls = before + 1; // one call for the sequence, however many of its commands ran
        return result;
    }

    @Override
    public synchronized ExecResult run(List<String> argv, Duration timeout) {
        calls++;
        commands.add(List.copyOf(argv));
        return switch (argv.get(0)) {
            case "ovs-vsctl" -> vsctl(argv.subList(3, argv.size()));
            case "ovs-appctl" -> appctl(argv.subList(2, argv.size()));
            case "ovs-ofctl" -> ofctl(argv.get(1), argv.subList(3, argv.size()));
            default -> new ExecResult(127, "", argv.get(0) + ": not found");
        };
    }

    private ExecResult vsctl(List<String> a) {
        if (a.get(0).equals("list-ports")) return ok(String.join("\n", ofports.keySet()) + "\n");
        String port = a.get(2);
        if (!ofports.containsKey(port)) return new ExecResult(1, "", "ovs-vsctl: no row \"" + port + "\" in table " + a.get(1) + "\n");
        return switch (a.get(0) + " " + a.get(1) + " " + a.get(3).replaceAll("=.*", "=")) {
            case "get port tag" -> ok(tags.containsKey(port) ? tags.get(port) + "\n" : "[]\n");
            case "get interface ofport" -> ok(ofports.get(port) + "\n");
            case "set port tag=" -> { tags.put(port, Integer.parseInt(a.get(3).substring(4))); yield ok(""); }
            case "clear port tag" -> { tags.remove(port); yield ok(""); }
            default -> new ExecResult(1, "", "unexpected: " + a);
        };
    }

    private ExecResult appctl(List<String> a) {
        switch (a.get(0)) {
            case "fdb/show" -> {
                StringBuilder out = new StringBuilder(" port  VLAN  MAC                Age\n");
                fdb.forEach((key, port) -> out.append(String.format("%5d  %4s  %s  static%n", ofports.get(port), key.split(" ")[0], key.split(" ")[1])));
                out.append("    2     0  02:00:c6:12:00:01    4\n");
                return ok(out.toString());
            }
            case "fdb/add" -> {
                fdb.put(a.get(3) + " " + a.get(4), a.get(2));
                return ok("");
            }
            case "fdb/del" -> {
                return fdb.remove(a.get(2) + " " + a.get(3)) != null ? ok("")
                        : new ExecResult(2, "", "could not find static mac entry\novs-appctl: server returned an error\n");
            }
            case "revalidator/purge" -> {
                purges++;
                return ok("");
            }
            default -> { return new ExecResult(2, "", "unknown command"); }
        }
    }

    private int purges;

    /** How often the cached flows were purged (after each change of the static entries). */
    public int purges() { return purges; }

    private ExecResult ofctl(String command, List<String> a) {
        String cookie = a.get(0).replaceAll(",.*|/-1", "");
        switch (command) {
            case "add-flow" -> flows.add(a.get(0));
            case "del-flows" -> flows.removeIf(f -> f.startsWith(cookie + ","));
            case "dump-flows" -> {
                return ok(String.join("\n", flows.stream().filter(f -> f.startsWith(cookie + ",")).toList()));
            }
            default -> { return new ExecResult(1, "", "unexpected"); }
        }
        return ok("");
    }

    private static ExecResult ok(String out) { return new ExecResult(0, out, ""); }
}
