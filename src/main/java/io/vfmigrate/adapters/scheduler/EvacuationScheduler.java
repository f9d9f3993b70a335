package io.vfmigrate.adapters.scheduler;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Scheduled evacuations through db-scheduler, on the state store's own table {@code scheduled_tasks}:
 * each schedule is one task instance (its id), picked by exactly one scheduler among all those sharing
 * the store (an optimistic update of the row's version), and rescheduled by it to the next run.
 *
 * <p>Dead executions: db-scheduler's defaults (a heartbeat every 5 minutes, dead after 6 missed: 30
 * minutes) would leave a host half-drained for half an hour after its `serve` died in the middle of a
 * migration, holding its disabled flag and its maintenance window. So the heartbeat is every
 * {@value #HEARTBEAT_SECONDS}s and an execution is dead after {@value #MISSED_HEARTBEATS} missed ones
 * (about 10 s); another `serve` then revives it and the schedule resumes the evacuation. That costs one
 * UPDATE per running schedule every two seconds, nothing for a store. Polling every second keeps a
 * run's start within a second or two of its time.
 */
public final class EvacuationScheduler implements AutoCloseable {
    public static final String TASK = "scheduled-evacuation";
    static final int HEARTBEAT_SECONDS = 2;
    static final int MISSED_HEARTBEATS = 5;
    static final Duration RETRY = Duration.ofSeconds(30);

    /** Runs a due schedule; returns its next time, or empty when it never runs again. */
    public interface Runner {
        Optional<Instant> run(String scheduleId, Instant due);
    }

    private final Scheduler scheduler;
    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

    private EvacuationScheduler(Scheduler scheduler) { this.scheduler = scheduler; }

    /** Starts polling the store; {@code onTakeOver} hears of each dead execution revived here. */
    public static EvacuationScheduler start(DataSource store, String name, Runner runner, Runnable onTakeOver, Duration shutdownWait) {
        CustomTask<Void> task = task(runner, onTakeOver);
        Scheduler scheduler = Scheduler.create(store, task)
                .schedulerName(new SchedulerName.Fixed(name))
                .threads(4)
                .pollingInterval(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ofSeconds(HEARTBEAT_SECONDS))
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .jdbcCustomization(dialect(store))
                .shutdownMaxWait(shutdownWait)
                .build();
        scheduler.start();
        return new EvacuationScheduler(scheduler);
    }

    private static CustomTask<Void> task(Runner runner, Runnable onTakeOver) {
        DeadExecutionHandler<Void> revive = new DeadExecutionHandler.ReviveDeadExecution<>();
        return Tasks.custom(TASK, Void.class)
                // a run that threw (the store failed, or the grace ran out and it was interrupted) is tried again soon,
                // by whichever serve picks it: it finds the schedule running and resumes (db-scheduler's default is 5 min)
                .onFailure((complete, ops) -> ops.reschedule(complete, Instant.now().plus(RETRY)))
                .onDeadExecution((execution, ops) -> {
                    onTakeOver.run();
                    revive.deadExecution(execution, ops);
                })
                .execute((instance, ctx) -> {
                    Optional<Instant> next = runner.run(instance.getId(), ctx.getExecution().executionTime);
                    return (CompletionHandler<Void>) (complete, ops) -> {
                        if (next.isPresent()) ops.reschedule(complete, next.get());
                        else ops.remove();
                    };
                });
    }

    /** Queues a schedule's first run (`schedule add`); a second call for the same id changes nothing. */
    public static void enqueue(DataSource store, String scheduleId, Instant at) {
        client(store).scheduleIfNotExists(task(null, null).instance(scheduleId), at);
    }

    /** Takes a schedule out of the queue (`schedule remove`); a run in progress finishes. */
    public static void cancel(DataSource store, String scheduleId) {
        SchedulerClient c = client(store);
        TaskInstanceId id = TaskInstanceId.of(TASK, scheduleId);
        if (c.getScheduledExecution(id).filter(e -> !e.isPicked()).isPresent()) c.cancel(id);
    }

    /** When the queue will run the schedule next, if it is queued. */
    public static Optional<Instant> queuedAt(DataSource store, String scheduleId) {
        return client(store).getScheduledExecution(TaskInstanceId.of(TASK, scheduleId)).map(e -> e.getExecutionTime());
    }

    private static SchedulerClient client(DataSource store) {
        // timestamps in UTC, as the scheduler writes them
        return SchedulerClient.Builder.create(store, task(null, null)).jdbcCustomization(dialect(store)).build();
    }

    private static JdbcCustomization dialect(DataSource store) {
        try (java.sql.Connection c = store.getConnection()) {
            if (c.getMetaData().getURL().startsWith("jdbc:sqlite:")) return new SqliteJdbcCustomization();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot reach the state store for the scheduler: " + e.getMessage(), e);
        }
        return new AutodetectJdbcCustomization(store, true);
    }

    /** Stops picking new runs, waits for the running ones up to the shutdown wait, then interrupts them. */
    @Override public void close() {
        if (stopped.compareAndSet(false, true)) scheduler.stop();
    }
}
