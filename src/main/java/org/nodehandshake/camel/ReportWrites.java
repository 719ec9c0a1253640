package org.nodehandshake.camel;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run report's writes that failed (a directory removed, made read-only or full since the start): the
 * route catches the failure, this step says why in one line and counts it; the next run tries again. The HTML
 * page counts the same way (after its JSON was written). The
 * count is in every later report ({@code reportWriteFailures}) and here, for a metrics endpoint to expose.
 */
public final class ReportWrites {

    /** Exchange property: the one line saying why the report was not written (the caller's to show). */
    public static final String ERROR = "reportWriteError";
    /** Exchange property set by a caller that prints the failure itself (the one-shot check): no log line then. */
    public static final String CALLER_REPORTS = "reportWriteFailureToCaller";

    private static final Logger LOG = LoggerFactory.getLogger("org.nodehandshake.report");

    private final Path reportDir;
    private final AtomicLong failures = new AtomicLong();

    public ReportWrites(Path reportDir) {
        this.reportDir = reportDir;
    }

    /** Reports not written since the start. */
    public long failures() {
        return failures.get();
    }

    /** Route step: the report with the count of earlier failed writes. */
    public org.nodehandshake.report.RunReport stamp(@Body org.nodehandshake.report.RunReport report) {
        return report.withReportWriteFailures(failures.get());
    }

    /** Route step, in the catch of the writes: one line, counted; the exchange goes on without the exception. */
    public void failed(Exchange exchange) {
        failed(exchange, "report");
    }

    /**
     * Route step, in the catch of the HTML page's writes (after the JSON ones succeeded): the same line and
     * count as a report not written, naming the page.
     */
    public void pageFailed(Exchange exchange) {
        failed(exchange, "report page");
    }

    private void failed(Exchange exchange, String what) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        long count = failures.incrementAndGet();
        String line = what + " not written to " + reportDir + ": " + reason(cause);
        exchange.setProperty(ERROR, line);
        if (!exchange.getProperty(CALLER_REPORTS, false, Boolean.class)) {
            LOG.error("{} (failed writes since start: {}; the next run tries again)", line, count);
        }
    }

    /** The innermost message, on one line. */
    static String reason(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        String message = null;
        Throwable last = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            last = t;
        }
        return (message == null ? last.getClass().getSimpleName() : message).replaceAll("\\s+", " ").strip();
    }
}
