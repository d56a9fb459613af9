import java.lang.reflect.Field;

/**
 * DynamoDB Local bound to the loopback address. Its own launcher has no option for the address and listens on every
 * interface, while the data it holds (the ledger, people's identity numbers) is for this machine alone. This builds
 * the server exactly as DynamoDB Local's own main does (ServerRunner.createServerFromCommandLineArgs, the same
 * arguments), then sets the host of its Jetty connector to 127.0.0.1 before it starts. Reflection keeps the file free
 * of compile-time dependencies, so `java` runs it from source (infra/local/dynamodb.ts) without a build step.
 */
public final class LoopbackDynamoDB {
  private LoopbackDynamoDB() {}

  public static void main(String[] args) throws Exception {
    Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
    Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
    Field field = proxy.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object server = field.get(proxy);
    Object[] connectors = (Object[]) server.getClass().getMethod("getConnectors").invoke(server);
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind to 127.0.0.1");
    for (Object connector : connectors) connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
    proxy.getClass().getMethod("start").invoke(proxy);
    System.out.println("DynamoDB Local listening on 127.0.0.1 only");
  }
}
