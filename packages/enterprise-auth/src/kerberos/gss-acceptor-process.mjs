// Runs one GSS-API accept in its own process. libkrb5 reads KRB5_KTNAME / KRB5_CONFIG from the
// environment, so each acceptor gets exactly the keytab and configuration the parent chose, and a
// crash in native code cannot take the key manager down. Input: one JSON line on stdin.
import kerberos from "kerberos";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { service, token } = JSON.parse(Buffer.concat(chunks).toString("utf8"));

let result;
try {
  const server = await kerberos.initializeServer(service);
  await server.step(token);
  result = {
    ok: server.contextComplete === true && typeof server.username === "string" && server.username !== "",
    principal: server.username,
    response: server.response || null,
    message: server.contextComplete ? undefined : "context not complete",
  };
} catch (error) {
  result = { ok: false, message: String(error?.message ?? error) };
}
process.stdout.write(JSON.stringify(result));
