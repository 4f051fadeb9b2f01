package org.doorway.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's own connection to Doorway's database, for counting what Doorway has committed;
 * kept apart from Doorway's connection pool so that watching takes nothing from it.
 */
final class Probe implements AutoCloseable {

    private final Connection connection;

    Probe(String jdbcUrl) throws SQLException {
        this.connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        this.connection.setAutoCommit(true);
    }

    /** Documents of the site Doorway has finished with: referrals stored plus records counted as not routed. */
    long handled(String site) throws SQLException {
        return number("""
                select (select count(*) from referral where site = ?)
                     + (select coalesce(sum(count), 0) from intake_count where site = ?)""", site, site);
    }

    /** A single number. */
    long number(String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(sql, params);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows of two columns, as text. */
    List<String[]> pairs(String sql, Object... params) throws SQLException {
        return rows(2, sql, params);
    }

    /** Rows of three columns, as text. */
    List<String[]> triples(String sql, Object... params) throws SQLException {
        return rows(3, sql, params);
    }

    private List<String[]> rows(int columns, String sql, Object... params) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement statement = prepare(sql, params);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                String[] row = new String[columns];
                for (int c = 0; c < columns; c++) {
                    row[c] = rs.getString(c + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** A statement that returns nothing. */
    void execute(String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(sql, params)) {
            statement.execute();
        }
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object param = params[i];
            statement.setObject(
                    i + 1, param instanceof String[] array ? connection.createArrayOf("text", array) : param);
        }
        return statement;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
