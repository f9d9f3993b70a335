package io.vfmigrate.cli.schedule;

import io.vfmigrate.adapters.scheduler.EvacuationScheduler;
import io.vfmigrate.adapters.scheduler.UnixCronRules;
import io.vfmigrate.adapters.store.StoreOnDemand;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.schedule.AddSchedule;
import io.vfmigrate.app.schedule.ScheduleTimes;
import io.vfmigrate.cli.Bounds;
import io.vfmigrate.cli.EvacuationOptions;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.RollingOptions;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.Printable;
import io.vfmigrate.model.Schedule;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "schedule", mixinStandardHelpOptions = true, subcommands = {ScheduleCommand.Add.class, ScheduleCommand.ListSchedules.class,
        ScheduleCommand.Remove.class},
        description = {"Scheduled evacuations and rolling maintenances, run by `vfmigrate serve`: add, list, remove."})
public final class ScheduleCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.REFUSED;
    }

    static GlobalOptions global(CommandSpec spec, GlobalOptions own) {
        return spec.parent() != null ? own.orParent(spec.parent()) : own;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Schedules the evacuation of HOST (--evacuate), or a rolling maintenance (--rolling,",
                    "with the options of `vfmigrate rolling`: --hosts or --all, --hook, --health, their",
                    "timeouts, --max-failed-hosts, --hook-idempotent; with --all, the inventory's hosts when",
                    "it runs), once (--at) or repeatedly (--cron: five fields, minute hour day-of-month",
                    "month day-of-week, as crontab(5)), read in --time-zone (default UTC). Prints its id",
                    "and next three runs. --window: no new VM move (for a rolling: no new host) starts that",
                    "long after the run's time; what started finishes (a rolling's host: its evacuation,",
                    "hook, health gate and moves back)."})
    public static final class Add implements Callable<Integer> {
        private final Wiring wiring;
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;

        @ArgGroup(exclusive = true, multiplicity = "1") What what;

        static final class What {
            @Option(names = "--evacuate", paramLabel = "HOST", description = "The inventory host to empty.")
            String host;
            @Option(names = "--rolling", description = "A rolling maintenance, one host at a time, as `vfmigrate rolling` (its options below).")
            boolean rolling;
        }

        @ArgGroup(exclusive = true, multiplicity = "1") When when;

        static final class When {
            // one example a line: the help's wrapping would cut one at a colon
            @Option(names = "--at", paramLabel = "TIME", description = {"ISO-8601 with an offset or a zone (a local time with --time-zone):",
                    AtTime.WITH_OFFSET, AtTime.WITH_ZONE, AtTime.IN_UTC})
            String at;
            @Option(names = "--cron", paramLabel = "EXPR", description = "Five cron fields, e.g. '0 2 * * SUN'.")
            String cron;
        }

        @Option(names = "--window", paramLabel = "DURATION", description = "How long new moves may start after the run's time, e.g. 2h (1ms..7d).")
        @Bounds(min = "1ms", max = "7d")
        Duration window;

        @Option(names = "--time-zone", paramLabel = "ZONE", description = "Zone of --cron, and of an --at without offset (default UTC), e.g. Europe/Berlin.")
        String zone;

        @Mixin EvacuationOptions evacuation;

        @Mixin RollingOptions rolling;

        public Add(Wiring wiring) { this.wiring = wiring; }

        public Integer call() {
            GlobalOptions g = global(spec, global);
            PrintWriter out = spec.commandLine().getOut();
            if (what.rolling) rolling.check();
            else rolling.firstGiven().ifPresent(o -> {
                throw new ConfigException(o + " is an option of --rolling, not of --evacuate; nothing was stored");
            });
            ZoneId z = zone();
            Optional<ZoneId> givenZone = zone == null ? Optional.empty() : Optional.of(z);
            Schedule.Timing timing = when.cron != null ? cron(z)
                    : new Schedule.Timing(Schedule.Kind.AT, AtTime.parse(when.at, givenZone).toString(), z);
            Optional<Duration> w = Optional.ofNullable(window);
            Services s = ServicesFactory.open(wiring, g, spec.commandLine().getErr());
            StoreOnDemand store = wiring.store(g);
            AddSchedule add = new AddSchedule(s, store.schedules(), new ScheduleTimes(new UnixCronRules()),
                    (id, first) -> EvacuationScheduler.enqueue(store.dataSource(), id, first));
            AddSchedule.Added added = what.rolling ? add.addRolling(rolling.request(s.inventory(), evacuation), rolling.all(), timing, w)
                    : add.add(evacuation.request(what.host), timing, w);
            out.println("schedule " + added.schedule().id() + ": " + what(added.schedule()) + " " + describe(added.schedule()));
            for (Instant next : added.nextRuns()) out.println("  next run: " + next.atZone(z));
            out.flush();
            return ExitCode.DONE;
        }

        private ZoneId zone() {
            if (zone == null) return ZoneId.of("UTC");
            try {
                return ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                throw new ConfigException("--time-zone " + Printable.quote(zone) + " is not a time zone (e.g. UTC, Europe/Berlin, +02:00)");
            }
        }

        private Schedule.Timing cron(ZoneId z) {
            new UnixCronRules().check(when.cron);
            return new Schedule.Timing(Schedule.Kind.CRON, when.cron.trim(), z);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every schedule: what it runs, its time or cron, window, next run, last run and"
            + " result (an evacuation or rolling id for `show`).")
    public static final class ListSchedules implements Callable<Integer> {
        private final Wiring wiring;
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;

        public ListSchedules(Wiring wiring) { this.wiring = wiring; }

        public Integer call() {
            GlobalOptions g = global(spec, global);
            StoreOnDemand store = wiring.store(g);
            PrintWriter out = spec.commandLine().getOut();
            List<Schedule> all = store.schedules().all();
            if (all.isEmpty()) out.println("no schedules");
            ScheduleTimes times = new ScheduleTimes(new UnixCronRules());
            Instant now = Instant.now();
            for (Schedule s : all) {
                String next = s.running().map(r -> "running (due " + r + ")")
                        .orElseGet(() -> times.next(s.timing(), now).map(Instant::toString).orElse(s.timing().kind() == Schedule.Kind.CRON
                                ? "never: the cron expression matches no date" : "-"));
                out.println(s.id() + "  " + what(s) + "  " + describe(s));
                out.println("  next run: " + next);
                out.println("  last run: " + s.last().map(l -> l.planned() + "  " + l.run().orElse("-") + "  " + Printable.line(l.result()))
                        .orElse("-"));
            }
            out.flush();
            return ExitCode.DONE;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a schedule; a run in progress finishes.")
    public static final class Remove implements Callable<Integer> {
        private final Wiring wiring;
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;
        @Parameters(index = "0", paramLabel = "ID") String id;

        public Remove(Wiring wiring) { this.wiring = wiring; }

        public Integer call() {
            StoreOnDemand store = wiring.store(global(spec, global));
            if (store.schedules().find(id).isEmpty()) throw new ConfigException("no schedule " + Printable.quote(id));
            EvacuationScheduler.cancel(store.dataSource(), id);
            store.schedules().remove(id);
            spec.commandLine().getOut().println("schedule " + id + " removed");
            spec.commandLine().getOut().flush();
            return ExitCode.DONE;
        }
    }

    /** What it runs: "evacuate host-a", "rolling host-a,host-b (hook '/sbin/upgrade')", "rolling --all (...)". */
    static String what(Schedule s) {
        if (s.action() == Schedule.Action.EVACUATE) return "evacuate " + s.host();
        Map<String, String> o = s.options();
        String hosts = Boolean.parseBoolean(o.get(AddSchedule.ALL)) ? "--all" : o.getOrDefault("hosts", "?");
        String health = o.containsKey("health") ? ", health " + Printable.quote(o.get("health")) : "";
        return "rolling " + hosts + " (hook " + Printable.quote(o.getOrDefault("hook", "")) + health + ")";
    }

    static String describe(Schedule s) {
        String when = s.timing().kind() == Schedule.Kind.AT ? "at " + s.timing().expression()
                : "cron '" + s.timing().expression() + "' " + s.timing().zone();
        return when + s.window().map(w -> ", window " + w).orElse("");
    }
}
