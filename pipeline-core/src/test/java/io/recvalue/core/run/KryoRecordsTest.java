package io.recvalue.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Under Spark's Kryo serializer a record fails without {@link KryoRecords} and round-trips with it; the
 * sessions the pipeline creates always carry the registrator, beside any the user chose.
 */
class KryoRecordsTest {
  /** A record as the pipeline ships them (a block's solved factors and objective share). */
  record Solved(int block, double[] factors, double objective) implements Serializable {}

  private static final ClassTag<Solved> TAG = ClassTag$.MODULE$.apply(Solved.class);

  private static SerializerInstance kryo(String registrator) {
    SparkConf conf = new SparkConf(false);
    if (registrator != null) {
      conf.set(SparkSessions.REGISTRATOR, registrator);
    }
    return new KryoSerializer(conf).newInstance();
  }

  @Test
  void withoutTheRegistratorKryoCannotWriteARecord() {
    Exception e = assertThrows(Exception.class, () -> kryo(null).serialize(new Solved(1, new double[] {1}, 2), TAG));
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(root.getMessage().contains("record class"), "the failure the registrator exists for: " + root);
  }

  @Test
  void withItARecordRoundTrips() {
    SerializerInstance ser = kryo(KryoRecords.class.getName());
    Solved s = new Solved(3, new double[] {0.25, -1.5, 1e-300}, 42.0);
    ByteBuffer bytes = ser.serialize(s, TAG);
    Solved back = ser.deserialize(bytes, TAG);
    assertEquals(3, back.block());
    assertArrayEquals(s.factors(), back.factors(), 0.0);
    assertEquals(42.0, back.objective(), 0.0);
  }

  @Test
  void theRegistratorIsAddedToTheUsersOnce() {
    String ours = KryoRecords.class.getName();
    assertEquals(ours, SparkSessions.withRecordRegistrator(""));
    assertEquals("com.example.Mine," + ours, SparkSessions.withRecordRegistrator("com.example.Mine"));
    assertEquals("com.example.Mine, " + ours, SparkSessions.withRecordRegistrator("com.example.Mine, " + ours));
  }
}
