package dev.symdex.engine.codec;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.model.ContentHash;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.FileStatus;
import dev.symdex.engine.model.Language;
import java.util.Optional;

/**
 * Encodes {@link FileState}, the value of the {@code files} database. Layout (format.md):
 *
 * <pre>
 * u8 version(=1) | u32 fileId | varlong size | svarlong mtimeNanos | varlong inode
 * | u8 status | u8 language(0 = none) | u8 flags(bit0 racy, bit1 hasHash) | [u64 hash]
 * </pre>
 *
 * Thread-safe (stateless).
 */
public final class FileStateCodec {
  private FileStateCodec() {}

  public static byte[] encode(FileState s) {
    ByteSink out = new ByteSink(40);
    out.u8(Format.FILE_STATE_VALUE_VERSION);
    out.u32(s.fileId());
    out.varlong(s.size());
    out.svarlong(s.mtimeNanos());
    out.varlong(s.inode());
    out.u8(s.status().code());
    out.u8(s.language().map(Language::code).orElse(0));
    out.u8((s.racy() ? 1 : 0) | (s.hash().isPresent() ? 2 : 0));
    s.hash().ifPresent(h -> out.u64(h.value()));
    return out.toBytes();
  }

  /** The file id of an encoded state, without decoding the rest. */
  public static int fileIdOf(byte[] bytes) throws SymdexException.CorruptIndex {
    if (bytes.length < 5) {
      throw new SymdexException.CorruptIndex("file state of " + bytes.length + " bytes");
    }
    return ((bytes[1] & 0xFF) << 24) | ((bytes[2] & 0xFF) << 16) | ((bytes[3] & 0xFF) << 8) | (bytes[4] & 0xFF);
  }

  public static FileState decode(byte[] bytes) throws SymdexException.CorruptIndex {
    ByteSource in = new ByteSource(bytes, "file state");
    int version = in.u8();
    if (version != Format.FILE_STATE_VALUE_VERSION) {
      throw in.corrupt("unknown version " + version);
    }
    int fileId = in.u32();
    long size = in.varlong();
    long mtime = in.svarlong();
    long inode = in.varlong();
    int statusCode = in.u8();
    FileStatus status = FileStatus.fromCode(statusCode).orElseThrow(() -> in.corrupt("unknown status " + statusCode));
    int langCode = in.u8();
    Optional<Language> language = langCode == 0 ? Optional.empty() : Language.fromCode(langCode);
    if (langCode != 0 && language.isEmpty()) {
      throw in.corrupt("unknown language " + langCode);
    }
    int flags = in.u8();
    Optional<ContentHash> hash = (flags & 2) != 0 ? Optional.of(new ContentHash(in.u64())) : Optional.empty();
    in.end();
    try {
      return new FileState(fileId, size, mtime, inode, hash, language, status, (flags & 1) != 0);
    } catch (IllegalArgumentException e) {
      throw new SymdexException.CorruptIndex("file state: " + e.getMessage(), e);
    }
  }
}
