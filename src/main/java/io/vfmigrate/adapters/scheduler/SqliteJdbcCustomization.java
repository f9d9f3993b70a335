package io.vfmigrate.adapters.scheduler;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;

/**
 * db-scheduler 16.7 has no SQLite dialect; its default one is right for SQLite (optimistic picking by
 * the row's version, timestamps as epoch milliseconds in UTC) except for the row limit, which SQLite
 * writes {@code LIMIT n} instead of {@code FETCH FIRST n ROWS ONLY}.
 */
final class SqliteJdbcCustomization extends DefaultJdbcCustomization {
    SqliteJdbcCustomization() { super(true); }

    @Override public String getName() { return "SQLite"; }

    @Override public String getQueryLimitPart(int limit) { return " LIMIT " + limit; }
}
