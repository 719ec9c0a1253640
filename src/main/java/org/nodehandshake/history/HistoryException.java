package org.nodehandshake.history;

/**
 * The history database could not be used (locked, corrupt, full, unreachable, refused): an environmental
 * failure, said in one line, never a reason to stop a check.
 */
public final class HistoryException extends Exception {

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The innermost cause's message, in one line: what a user can act on. */
    static HistoryException of(String doing, Throwable e) {
        Throwable cause = e;
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            cause = t;
        }
        String text = message == null ? cause.getClass().getSimpleName() : message;
        if (cause instanceof java.nio.file.FileAlreadyExistsException f) {
            text = f.getFile() + ": exists and is not a directory";
        } else if (cause instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            text = f.getFile() + ": " + f.getReason();
        } else if (cause instanceof java.nio.file.AccessDeniedException f) {
            text = f.getFile() + ": permission denied";
        }
        text = text.replaceAll("\\s+", " ").strip();
        return new HistoryException(doing + ": " + text, e);
    }
}
