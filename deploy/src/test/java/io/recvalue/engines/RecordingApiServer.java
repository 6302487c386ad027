package io.recvalue.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the Kubernetes API server, just enough for {@code spark-submit --deploy-mode
 * cluster} to submit: it records every request and answers creations ({@code POST}) and
 * server-side applies ({@code PATCH}) with the object it was sent (plus a uid), reads with 404.
 * Nothing runs: the test inspects what Spark asked Kubernetes to create.
 */
final class RecordingApiServer implements AutoCloseable {
  /** One request: method, path with query, and its body parsed as JSON or YAML (null if none). */
  record Request(String method, String path, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  RecordingApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The master URL for spark-submit. */
  String masterUrl() {
    return "k8s://http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    byte[] raw = exchange.getRequestBody().readAllBytes();
    JsonNode body = null;
    if (raw.length > 0) {
      String text = new String(raw, StandardCharsets.UTF_8);
      body = text.stripLeading().startsWith("{") ? JSON.readTree(text) : YAML.readTree(text);
    }
    requests.add(new Request(method, exchange.getRequestURI().toString(), body));
    int status;
    JsonNode reply;
    if ((method.equals("POST") || method.equals("PATCH") || method.equals("PUT")) && body instanceof ObjectNode) {
      ObjectNode created = ((ObjectNode) body).deepCopy();
      ObjectNode metadata = created.with("metadata");
      if (!metadata.has("uid")) {
        metadata.put("uid", UUID.randomUUID().toString());
      }
      metadata.put("resourceVersion", "1");
      status = method.equals("POST") ? 201 : 200;
      reply = created;
    } else if (method.equals("DELETE")) {
      status = 200;
      reply = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Success");
    } else {
      status = 404;
      reply = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
          .put("reason", "NotFound").put("code", 404);
    }
    byte[] out = JSON.writeValueAsBytes(reply);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
