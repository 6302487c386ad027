package io.recvalue.core.run;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Lets Spark's Kryo serializer ({@code spark.serializer=org.apache.spark.serializer.KryoSerializer}, which
 * the configuration overlays in {@code conf/} set) carry Java records. Kryo 4, the version Spark ships,
 * writes an object field by field through {@code Unsafe} offsets, which the JVM refuses for records
 * ({@code can't get field offset on a record class}), so without this every job that shuffles, spills or
 * returns a record fails. Records (every subclass of {@link Record}) are written with Java serialization
 * instead; everything else keeps Kryo's own serializers. {@link SparkSessions} adds this registrator to
 * {@code spark.kryo.registrator} for every session it creates with the Kryo serializer.
 */
public final class KryoRecords implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    kryo.addDefaultSerializer(Record.class, new JavaSerializer());
  }
}
