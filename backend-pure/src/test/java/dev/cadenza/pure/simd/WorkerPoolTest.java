package dev.cadenza.pure.simd;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool runs every part exactly once, really on its workers, and hands a worker's failure to the caller. */
class WorkerPoolTest {
    private static void busy(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }

    @Test
    void everyPartRunsOnceAndWorkersTakeSome() throws InterruptedException {
        WorkerPool pool = new WorkerPool(2);
        boolean workerRan = false;
        for (int attempt = 0; attempt < 40 && !workerRan; attempt++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(6);
            boolean[] onWorker = new boolean[1];
            pool.run(6, part -> {
                runs.incrementAndGet(part);
                if (Thread.currentThread().getName().startsWith("cadenza-kernels-")) onWorker[0] = true;
                busy(1_000_000); // long enough that a woken worker claims a part
            });
            for (int i = 0; i < 6; i++) assertEquals(1, runs.get(i), "part " + i + " must run exactly once");
            workerRan = onWorker[0];
            Thread.sleep(25); // past a back-off, if the machine descheduled the worker
        }
        assertTrue(workerRan, "no part ever ran on a worker thread");
    }

    @Test
    void aWorkersFailureIsRethrownInTheCaller() {
        WorkerPool pool = new WorkerPool(2);
        assertThrows(IllegalArgumentException.class, () -> pool.run(4, part -> {
            busy(500_000);
            throw new IllegalArgumentException("part " + part);
        }));
        int[] count = new int[1];
        pool.run(1, part -> count[0]++);
        assertEquals(1, count[0], "the pool is usable after a failure");
    }
}
