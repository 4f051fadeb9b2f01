package org.doorway.system;

import java.sql.SQLException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells an outage from a fault: whether the database, not the input, stopped something. Every
 * door asks this one question before deciding whether to try a record again (an outage, for as
 * long as it lasts) or to refuse it (a fault, which the same input would meet again).
 */
public final class Outages {

    private Outages() {}

    /**
     * Whether the database, not the request, stopped this: unreachable, shutting down, or the
     * connection lost mid-transaction. A transaction that could not be completed
     * ({@link TransactionSystemException}, e.g. a rollback on a closed connection) counts too:
     * whether or not its commit reached the server, a resend is safe, because intake answers a
     * resend with the referral already stored.
     *
     * <p>A program limit (SQLSTATE class 54: an index row too large, a statement too complex) is no
     * outage, though Spring files it as a resource failure: the same input meets it every time.
     */
    public static boolean databaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("54")) {
                return false;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof TransactionSystemException) {
                return true;
            }
            // SQLSTATE class 08: connection exception; 57P: operator intervention (shutdown, restart).
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
