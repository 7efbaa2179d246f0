// Next calls register() once when the server starts. The notification worker needs Node (the
// database, sockets): the import sits behind Next's own runtime switch, so only the Node.js
// server build includes it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
