package org.doorway.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPasswordFileTest {

    @TempDir
    Path dataDir;

    @Test
    void theFirstStartPasswordFileIsReadableAndWritableByItsOwnerOnly() throws Exception {
        Path file = StaffAccounts.adminPasswordFile(dataDir.resolve("new-folder"));

        StaffAccounts.writeOwnerOnly(file, "user: admin\npassword: s3cret\n");

        assertThat(file.getFileName()).hasToString("admin-password.txt");
        assertThat(Files.readString(file)).isEqualTo("user: admin\npassword: s3cret\n");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aLeftOverFileReadableByOthersIsReplacedByAPrivateOne() throws Exception {
        Path file = StaffAccounts.adminPasswordFile(dataDir);
        Files.writeString(file, "an old password");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        StaffAccounts.writeOwnerOnly(file, "password: new\n");

        assertThat(Files.readString(file)).isEqualTo("password: new\n");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
}
