package dev.symdex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.symdex.proto.v1.SymdexProto;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path's protobuf ({@link Wire}, {@link WirePrinter}) against protobuf-java's and the
 * full CLI's printers: for random answers of every RPC, the same JSON and the same text (or, for
 * text the fast path does not model, {@link Wire.Unsupported}, never a different text).
 */
class WirePrinterTest {
  private final Wire wire = Wire.load();

  @Test
  void schemaHasEveryMethodAndMessage() {
    assertNotNull(wire, "the descriptor set is on the class path");
    for (MethodDescriptor m : SymdexProto.getDescriptor().findServiceByName("SymdexService").getMethods()) {
      Wire.Method w = QuickCall.method(wire, SymdexCli.kebab(m.getName()));
      assertNotNull(w, m.getName());
      assertEquals(m.getOutputType().getFullName(), w.output());
      assertEquals(m.getInputType().getFullName(), w.input());
      assertEquals(m.isServerStreaming(), w.serverStreaming());
    }
  }

  @Test
  void randomAnswersPrintAsTheFullCliPrintsThem() throws Exception {
    Random random = new Random(7);
    WirePrinter printer = new WirePrinter(wire);
    int textChecked = 0;
    for (MethodDescriptor m : SymdexProto.getDescriptor().findServiceByName("SymdexService").getMethods()) {
      for (int i = 0; i < 60; i++) {
        Message msg = random(m.getOutputType(), random, 0);
        byte[] bytes = msg.toByteArray();
        Wire.Msg w = wire.decode(m.getOutputType().getFullName(), bytes);
        Message parsed = DynamicMessage.parseFrom(m.getOutputType(), bytes);
        assertEquals(JsonPrinter.print(parsed), printer.json(w), m.getName() + " #" + i);
        try {
          String text = printer.text(w);
          assertEquals(TextPrinter.print(parsed), text, m.getName() + " #" + i);
          textChecked++;
        } catch (Wire.Unsupported e) {
          // the full CLI prints this one
        }
      }
    }
    assertEquals(true, textChecked > 300, "most answers are printed by the fast path: " + textChecked);
  }

  private static Message random(Descriptor d, Random r, int depth) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
    for (FieldDescriptor f : d.getFields()) {
      if (r.nextInt(4) == 0) {
        continue; // left unset: the default is printed
      }
      int n = f.isRepeated() ? r.nextInt(4) : 1;
      for (int k = 0; k < n; k++) {
        Object v = switch (f.getJavaType()) {
          case INT -> r.nextBoolean() ? r.nextInt(1000) : r.nextInt();
          case LONG -> r.nextBoolean() ? (long) r.nextInt(1000) : r.nextLong();
          case DOUBLE -> r.nextBoolean() ? r.nextDouble() : (double) r.nextInt(5);
          case FLOAT -> r.nextFloat();
          case BOOLEAN -> r.nextBoolean();
          case STRING -> r.nextInt(5) == 0 ? "" : "s\"\\\n\t\u00e9\u4e2d" .substring(0, r.nextInt(7)) + r.nextInt(99);
          case BYTE_STRING -> ByteString.copyFrom(new byte[] {(byte) r.nextInt(), 0, 1});
          case ENUM -> f.getEnumType().getValues().get(r.nextInt(f.getEnumType().getValues().size()));
          case MESSAGE -> depth > 3 ? DynamicMessage.getDefaultInstance(f.getMessageType()) : random(f.getMessageType(), r, depth + 1);
        };
        if (f.isRepeated()) {
          b.addRepeatedField(f, v);
        } else {
          b.setField(f, v);
        }
      }
    }
    return b.build();
  }
}
