package io.recvalue.engines;

import io.recvalue.core.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * HDFS (one NameNode, one DataNode) and YARN (one ResourceManager, one NodeManager with 4 GiB) in
 * this JVM, on loopback, started once per test JVM and stopped when it exits. {@link #confDir()} holds
 * their client configuration as {@code core-site.xml}, {@code hdfs-site.xml} and
 * {@code yarn-site.xml}: what {@code HADOOP_CONF_DIR} points at on a real gateway machine.
 */
public final class MiniClusters {
  private static MiniClusters running;

  private final MiniDFSCluster hdfs;
  private final MiniYARNCluster yarn;
  private final Configuration conf;
  private final Path confDir;

  private MiniClusters(Path base) throws Exception {
    Configuration dfsConf = new Configuration();
    dfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("hdfs").toString());
    dfsConf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    hdfs = new MiniDFSCluster.Builder(dfsConf).numDataNodes(1).build();
    hdfs.waitActive();

    YarnConfiguration yarnConf = new YarnConfiguration(hdfs.getConfiguration(0));
    yarnConf.set("fs.defaultFS", hdfs.getFileSystem().getUri().toString());
    // The capacity scheduler's queue, as Spark's own YARN tests configure it (the minicluster
    // ships no capacity-scheduler.xml).
    yarnConf.set("yarn.scheduler.capacity.root.queues", "default");
    yarnConf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
    yarnConf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
    yarnConf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
    yarnConf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
    yarnConf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
    yarnConf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
    yarnConf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
    yarnConf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
    yarnConf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    yarnConf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
    yarnConf.setInt("yarn.nodemanager.resource.memory-mb", 4096);
    yarnConf.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
    yarnConf.setInt("yarn.scheduler.minimum-allocation-mb", 128);
    yarnConf.set("yarn.resourcemanager.hostname", "127.0.0.1");
    yarnConf.set("yarn.nodemanager.hostname", "127.0.0.1");
    yarn = new MiniYARNCluster("recvalue-it", 1, 1, 1);
    yarn.init(yarnConf);
    yarn.start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS, ":0").endsWith(":0")) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the ResourceManager did not publish its address");
      }
      Thread.sleep(100);
    }
    conf = new Configuration(yarn.getConfig());
    // MiniDFSCluster installs a test-only rack mapping that Spark's application master cannot load.
    conf.set("net.topology.node.switch.mapping.impl", "org.apache.hadoop.net.ScriptBasedMapping");
    confDir = Files.createDirectories(base.resolve("hadoop-conf"));
    for (String file : new String[] {"core-site.xml", "hdfs-site.xml", "yarn-site.xml"}) {
      try (OutputStream out = Files.newOutputStream(confDir.resolve(file))) {
        conf.writeXml(out);
      }
    }
  }

  /** The clusters, started on first use. */
  public static synchronized MiniClusters get() throws Exception {
    if (running == null) {
      Path base = TestData.projectRoot().resolve("deploy/target/engines/mini-clusters");
      SparkHome.deleteTree(base);
      long start = System.nanoTime();
      MiniClusters started = new MiniClusters(base);
      System.out.printf("HDFS and YARN mini clusters up in %.1f s%n", (System.nanoTime() - start) / 1e9);
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
      running = started;
    }
    return running;
  }

  public Configuration conf() {
    return conf;
  }

  public Path confDir() {
    return confDir;
  }

  public FileSystem hdfs() throws IOException {
    return hdfs.getFileSystem();
  }

  /** The default filesystem's URI, e.g. {@code hdfs://127.0.0.1:PORT}. */
  public String hdfsUri() throws IOException {
    return hdfs.getFileSystem().getUri().toString();
  }

  /** Environment a YARN gateway has: the client configuration folder. */
  public Map<String, String> clientEnvironment() {
    return Map.of("HADOOP_CONF_DIR", confDir.toString(), "YARN_CONF_DIR", confDir.toString());
  }

  private void stop() {
    try {
      yarn.stop();
    } finally {
      hdfs.shutdown();
    }
  }
}
