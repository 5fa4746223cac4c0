package dev.keel.idempotency.internal;

import dev.keel.idempotency.IdempotentResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a stored {@link IdempotentResponse}: version byte 1, status, header count,
 * each header as name, value count and values (modified UTF-8), then body length and body. Used by
 * the Redis and SQL stores so a record is one opaque value.
 */
public final class ResponseCodec {

  private static final byte VERSION = 1;

  private ResponseCodec() {}

  /** Encodes {@code response}. */
  public static byte[] encode(IdempotentResponse response) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(response.bodyLength() + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeShort(response.status());
      out.writeInt(response.headers().size());
      for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
        out.writeUTF(header.getKey());
        out.writeInt(header.getValue().size());
        for (String value : header.getValue()) {
          out.writeUTF(value);
        }
      }
      byte[] body = response.body();
      out.writeInt(body.length);
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes bytes made by {@link #encode}.
   *
   * @throws IllegalStateException if the bytes are not a stored response of a known version
   */
  public static IdempotentResponse decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("unknown stored response version " + version);
      }
      int status = in.readShort();
      int headerCount = in.readInt();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (int i = 0; i < headerCount; i++) {
        String name = in.readUTF();
        int valueCount = in.readInt();
        List<String> values = new ArrayList<>(valueCount);
        for (int j = 0; j < valueCount; j++) {
          values.add(in.readUTF());
        }
        headers.put(name, values);
      }
      byte[] body = new byte[in.readInt()];
      in.readFully(body);
      return new IdempotentResponse(status, headers, body);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt stored response: " + e.getMessage(), e);
    }
  }
}
