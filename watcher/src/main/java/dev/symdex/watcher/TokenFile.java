package dev.symdex.watcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The bearer token a daemon on a TCP address demands: one line in a file only its owner may
 * read. Stateless; safe from any thread.
 */
final class TokenFile {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private TokenFile() {}

  /**
   * The token in {@code file}, created (mode 0600, 32 random bytes, base64url) when absent. The
   * file is written whole or not at all (temp file, then rename).
   */
  static String readOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        Files.deleteIfExists(tmp); // someone else created it first: theirs stands
      }
    }
    return read(file);
  }

  /**
   * The token in {@code file} (its first line, trimmed).
   *
   * @throws IOException when the file is missing, empty, or readable by group or others
   */
  static String read(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    for (PosixFilePermission p : perms) {
      if (!p.name().startsWith("OWNER_")) {
        throw new IOException("token file " + file + " is readable or writable by others ("
            + PosixFilePermissions.toString(perms) + "); chmod 600 it");
      }
    }
    String token = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
    if (token.isEmpty()) {
      throw new IOException("token file " + file + " is empty");
    }
    return token;
  }
}
