package io.vfmigrate.adapters.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.GuestExecResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** A guest-exec-status reply: exited or not, exit code, output decoded from base64 and bounded. */
record ExecStatus(boolean exited, GuestExecResult result) {
    private static final int SIGNALLED = 128;

    static ExecStatus parse(String vm, JsonNode returned, int outputLimitBytes) {
        if (!returned.path("exited").asBoolean(false)) return new ExecStatus(false, null);
        int exitCode = returned.has("exitcode") ? returned.path("exitcode").asInt(-1)
                : returned.has("signal") ? SIGNALLED + returned.path("signal").asInt(0) : -1;
        Bounded out = decode(vm, returned.path("out-data").asText(""), outputLimitBytes);
        Bounded err = decode(vm, returned.path("err-data").asText(""), outputLimitBytes);
        boolean truncated = out.truncated || err.truncated
                || returned.path("out-truncated").asBoolean(false) || returned.path("err-truncated").asBoolean(false);
        return new ExecStatus(true, new GuestExecResult(exitCode, out.text, err.text, truncated));
    }

    /** Decodes only as much base64 as the bound needs: a guest cannot make us allocate its whole output. */
    static Bounded decode(String vm, String base64, int limitBytes) {
        int prefixChars = ((limitBytes + 2) / 3) * 4;
        boolean longer = base64.length() > prefixChars;
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(longer ? base64.substring(0, prefixChars) : base64);
        } catch (IllegalArgumentException e) {
            throw FailureException.unexpected("the guest agent of " + vm + " returned output that is not base64: " + e.getMessage());
        }
        boolean truncated = longer || bytes.length > limitBytes;
        if (bytes.length > limitBytes) bytes = Arrays.copyOf(bytes, limitBytes);
        return new Bounded(new String(bytes, StandardCharsets.UTF_8), truncated);
    }

    record Bounded(String text, boolean truncated) {}
}
