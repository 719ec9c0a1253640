package org.nodehandshake.camel;

import java.util.concurrent.Executor;

/** One-off work ahead of a run (the history's database, the report's warm-up): each task on a daemon thread of its own. */
final class BackgroundThread {

    private BackgroundThread() {
    }

    /** An executor that starts a daemon thread named {@code name} per task: nothing waits for it at exit. */
    static Executor named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        };
    }
}
