// The publisher portal is the long-running process that sends webhook deliveries and looks for
// expiring keys (see startNotificationWorker): it holds the master key already, and runs once
// per installation. Next calls register() once when the server starts.
export async function register() {
  // Next sets NEXT_RUNTIME itself; the worker needs Node (database, sockets), not the edge runtime.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startNotificationWorker } = await import("@portico/platform");
  const { platformSetup } = await import("./server/operations");
  const keyring = platformSetup.keyring;
  if (!keyring) return;
  startNotificationWorker({
    db: platformSetup.db,
    keyring,
    onError: (error) =>
      console.error(`notification worker: ${error instanceof Error ? error.message : String(error)}`),
  });
}
