package org.doorway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;

/**
 * A source is told to send again (503) whenever the database, not its request, stopped an intake:
 * a 500 is an answer it does not retry, and the referral would be lost.
 */
class DatabaseUnavailableTest {

    @Test
    void aTransactionThatCouldNotFinishOnALostConnectionMeansSendAgain() {
        // PostgreSQL restarted mid-transaction: the rollback itself failed on the closed connection.
        TransactionSystemException rollbackFailed = new TransactionSystemException(
                "Could not roll back JDBC transaction", new SQLException("Connection is closed", "08003"));

        assertThat(ProblemResponse.databaseUnavailable(rollbackFailed)).isTrue();
    }

    @Test
    void theServerShuttingDownMeansSendAgainHoweverSpringClassifiesIt() {
        SQLException adminShutdown = new SQLException("terminating connection due to administrator command", "57P01");

        assertThat(ProblemResponse.databaseUnavailable(
                        new UncategorizedSQLException("insert", "insert ...", adminShutdown)))
                .isTrue();
    }

    @Test
    void aBugIsNotDisguisedAsAnOutage() {
        assertThat(ProblemResponse.databaseUnavailable(new IllegalStateException("no policy in force")))
                .isFalse();
        assertThat(ProblemResponse.databaseUnavailable(new UncategorizedSQLException(
                        "insert", "insert ...", new SQLException("value too long", "22001"))))
                .isFalse();
    }
}
