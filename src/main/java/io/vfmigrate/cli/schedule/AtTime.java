package io.vfmigrate.cli.schedule;

import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.Printable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Optional;

/**
 * {@code schedule add --at TIME}: ISO-8601 local date and time, then an offset, a zone in brackets, both,
 * or neither with {@code --time-zone}. The examples below are the ones the help and the errors show.
 */
final class AtTime {
    static final String WITH_OFFSET = "2026-12-06T02:00+01:00";
    static final String WITH_ZONE = "2026-12-06T02:00[Europe/Paris]";
    static final String IN_UTC = "2026-12-06T01:00:00Z";
    static final String EXAMPLES = WITH_OFFSET + ", " + WITH_ZONE + ", " + IN_UTC;
    /** What a local time may be given with. */
    static final String SUFFIXES = "+01:00, Z, [Europe/Paris]";

    /** java.time's ISO_DATE_TIME takes a zone only after an offset; here each is optional on its own. */
    private static final DateTimeFormatter FORM = new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .optionalStart().appendLiteral('[').parseCaseSensitive().appendZoneRegionId().appendLiteral(']').optionalEnd()
            .toFormatter();

    private AtTime() {}

    /** The instant {@code text} names; {@code zone}: --time-zone, for a local time. */
    static Instant parse(String text, Optional<ZoneId> zone) {
        TemporalAccessor t;
        try {
            t = FORM.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ConfigException("--at " + Printable.quote(text) + " is not an ISO-8601 time (e.g. " + EXAMPLES + ")");
        }
        if (t.query(TemporalQueries.zone()) == null) {
            ZoneId z = zone.orElseThrow(() -> new ConfigException("--at " + Printable.quote(text) + " has no offset or zone: add one ("
                    + SUFFIXES + ") or give --time-zone"));
            return LocalDateTime.from(t).atZone(z).toInstant();
        }
        ZonedDateTime at;
        try {
            at = ZonedDateTime.from(t);
        } catch (DateTimeException e) {
            throw new ConfigException("--at " + Printable.quote(text) + " is not a time (e.g. " + EXAMPLES + ")");
        }
        ZoneOffset given = t.query(TemporalQueries.offset());
        if (given != null && !(at.getZone() instanceof ZoneOffset) && !given.equals(at.getOffset())) {
            throw new ConfigException("--at " + Printable.quote(text) + ": " + at.getZone() + " is at " + at.getOffset()
                    + " then, not " + given);
        }
        return at.toInstant();
    }
}
