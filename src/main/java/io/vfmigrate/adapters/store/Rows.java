package io.vfmigrate.adapters.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs one statement with its arguments in order; instants are stored as nanoseconds since the epoch. */
final class Rows {
    interface Mapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private Rows() {}

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = prepare(c, sql, args)) {
            return st.executeUpdate();
        }
    }

    static <T> List<T> query(Connection c, String sql, Mapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement st = prepare(c, sql, args); ResultSet rs = st.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) rows.add(mapper.map(rs));
            return rows;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) bind(st, i + 1, args[i]);
            return st;
        } catch (SQLException | RuntimeException e) {
            st.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement st, int index, Object value) throws SQLException {
        if (value == null) st.setNull(index, java.sql.Types.VARCHAR);
        else if (value instanceof Instant at) st.setLong(index, nanos(at));
        else if (value instanceof Long l) st.setLong(index, l);
        else if (value instanceof Integer i) st.setInt(index, i);
        else if (value instanceof String s) st.setString(index, s);
        else throw new IllegalArgumentException("cannot bind a " + value.getClass().getName() + " at " + index);
    }

    static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
