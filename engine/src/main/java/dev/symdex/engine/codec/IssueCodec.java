package dev.symdex.engine.codec;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.model.FileStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Values of the {@code issues} database (format.md): why a file was skipped or indexed in part.
 *
 * <pre>
 * u8 status code | [detail, raw UTF-8, at most {@value #MAX_DETAIL_BYTES} bytes]
 * </pre>
 *
 * Thread-safe (stateless).
 */
public final class IssueCodec {
  /** Longest detail kept, in bytes ("facts would take more than 64 MB", "gave up after 10000 ms"). */
  public static final int MAX_DETAIL_BYTES = 200;

  private IssueCodec() {}

  public static byte[] encode(FileStatus status, String detail) {
    byte[] d = detail.getBytes(StandardCharsets.UTF_8);
    int n = d.length;
    if (n > MAX_DETAIL_BYTES) {
      n = MAX_DETAIL_BYTES;
      while (n > 0 && (d[n] & 0xC0) == 0x80) {
        n--; // do not split a character
      }
    }
    byte[] out = new byte[1 + n];
    out[0] = (byte) status.code();
    System.arraycopy(d, 0, out, 1, n);
    return out;
  }

  public static FileStatus status(byte[] value) throws SymdexException.CorruptIndex {
    if (value.length == 0 || value.length > 1 + MAX_DETAIL_BYTES) {
      throw new SymdexException.CorruptIndex("issue of " + value.length + " bytes");
    }
    return FileStatus.fromCode(value[0] & 0xFF)
        .orElseThrow(() -> new SymdexException.CorruptIndex("issue: unknown status " + (value[0] & 0xFF)));
  }

  /** The detail of an issue value, {@code ""} when it has none. */
  public static String detail(byte[] value) {
    return value.length <= 1 ? "" : new String(Arrays.copyOfRange(value, 1, value.length), StandardCharsets.UTF_8);
  }
}
