package dev.cadenza.pure.simd;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A small fixed set of daemon threads that run the parts of one kernel call alongside the caller. The split into
 * parts is fixed by the problem alone and every part writes its own outputs, so results do not depend on which
 * thread runs which part; parts are claimed from a counter, so a worker that the operating system has descheduled
 * (the machine is shared) costs at most the part it holds instead of stalling every call. Workers spin for a short
 * while after each call before parking: recurrent layers issue thousands of small products per second and a
 * park/unpark round trip (tens of microseconds) would cost more than the product. A caller that finds the pool busy
 * (another thread is using it) runs all parts itself, so concurrent callers are safe and never wait for each other.
 */
final class WorkerPool {
    /** One part of a split call. */
    interface Task {
        void run(int part);
    }

    /** Participants (caller included) of the shared pool: {@code -Dcadenza.pure.threads=N}, else the core count. */
    static final WorkerPool SHARED = new WorkerPool(Math.max(1, Math.min(64,
            Integer.getInteger("cadenza.pure.threads", Runtime.getRuntime().availableProcessors()))));

    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 500_000;
    /**
     * How long calls run on the caller alone after a call waited on a worker that the machine had descheduled: from
     * 20 ms, doubled by every further stall up to 2 s, halved by every call without one.
     */
    private static final long BACKOFF_MIN_NANOS = 20_000_000, BACKOFF_MAX_NANOS = 2_000_000_000;
    /** A wait for workers longer than the caller's own share of the call plus this counts as a stall. */
    private static final long STALL_SLACK_NANOS = 50_000;

    private final int size;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The call being run; a new object per call, so a worker can neither miss nor repeat one it takes part in. */
    private volatile Job current;
    /** Until this System.nanoTime(), calls run on the caller alone (the machine is oversubscribed). */
    private volatile long serialUntil = System.nanoTime(); // compared by difference: nanoTime may be negative
    /** The next back-off; only touched by the caller that holds {@code busy}. */
    private long backoff = BACKOFF_MIN_NANOS;

    /** One call: its task, its number of parts, the next part to claim, the parts finished, and a failure. */
    private static final class Job {
        final Task task;
        final int parts;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(Task task, int parts) {
            this.task = task;
            this.parts = parts;
        }

        /** Runs parts until none is left to claim. */
        void work() {
            int part;
            while ((part = next.getAndIncrement()) < parts) {
                try {
                    task.run(part);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private static final Job IDLE = new Job(part -> {}, 0);

    WorkerPool(int size) {
        if (size < 1) throw new IllegalArgumentException("worker pool: size must be >= 1, was " + size);
        this.size = size;
        this.workers = new Worker[size - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /** Participants, the caller included. */
    int size() {
        return size;
    }

    /** Runs {@code task.run(i)} for i in [0, parts) on the caller and the workers, and returns when all are done. */
    void run(int parts, Task task) {
        if (parts <= 1 || size == 1 || System.nanoTime() - serialUntil < 0 || !busy.compareAndSet(false, true)) {
            for (int i = 0; i < parts; i++) task.run(i);
            return;
        }
        try {
            Job job = new Job(task, parts);
            long t0 = System.nanoTime();
            current = job; // the volatile write that publishes the job
            for (int w = 0; w < Math.min(parts - 1, workers.length); w++) if (workers[w].parked) LockSupport.unpark(workers[w]);
            job.work();
            long t1 = System.nanoTime();
            int spins = 0;
            while (job.done.get() != parts) {
                if (++spins < 1 << 14) Thread.onSpinWait();
                else Thread.yield(); // a worker holding a part was descheduled: let it run
            }
            long t2 = System.nanoTime();
            // Waiting on a worker much longer than the caller's own share means the operating system took the
            // worker's core (a shared, oversubscribed machine): then a lone caller is faster for a while. Which
            // thread runs a part never changes the results, so this only changes speed.
            if (t2 - t1 > (t1 - t0) + STALL_SLACK_NANOS) {
                serialUntil = t2 + backoff;
                backoff = Math.min(2 * backoff, BACKOFF_MAX_NANOS);
            } else {
                backoff = Math.max(BACKOFF_MIN_NANOS, backoff / 2);
            }
            current = IDLE; // drop the task's arrays
            Throwable failure = job.failure;
            if (failure instanceof RuntimeException e) throw e;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
        } finally {
            busy.set(false);
        }
    }

    private final class Worker extends Thread {
        volatile boolean parked;

        Worker(int index) {
            super("cadenza-kernels-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            Job seen = null;
            while (true) {
                Job job;
                long deadline = 0;
                int spins = 0;
                while ((job = current) == seen) {
                    if ((++spins & 255) != 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    long now = System.nanoTime();
                    if (deadline == 0) {
                        deadline = now + SPIN_NANOS;
                    } else if (now > deadline) {
                        parked = true; // then re-check: run() reads parked after publishing, so no wake-up is lost
                        if (current == seen) LockSupport.park(this);
                        parked = false;
                    }
                }
                seen = job;
                job.work();
            }
        }
    }
}
