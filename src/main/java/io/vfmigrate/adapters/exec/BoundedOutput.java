package io.vfmigrate.adapters.exec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the first {@code limit} bytes a process writes and counts (but drops) the rest. */
final class BoundedOutput extends OutputStream {
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    BoundedOutput(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < limit) kept.write(b);
        else dropped++;
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        int room = Math.max(0, Math.min(length, limit - kept.size()));
        kept.write(bytes, offset, room);
        dropped += length - room;
    }

    synchronized boolean truncated() { return dropped > 0; }

    synchronized String text() {
        String text = kept.toString(StandardCharsets.UTF_8);
        return dropped == 0 ? text : text + "\n[... " + dropped + " more bytes dropped]";
    }
}
