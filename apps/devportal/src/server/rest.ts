import "server-only";
import { createRestHandler, describeRestApi, devportalRoutes } from "@portico/platform/rest";
import { AddressList } from "@portico/settings";
import { db, settings } from "./db";
import { masterKeyring } from "./keyring";
import { issueApplicationToken } from "./token-issuer";

const base = "/api/devportal/v1";
const trustedProxies = new AddressList(settings.PORTICO_TRUSTED_PROXIES);
const handle = createRestHandler(
  base,
  devportalRoutes,
  () => ({
    db,
    issuer: settings.PORTICO_ISSUER,
    gatewayUrl: settings.gatewayUrl,
    redisUrl: settings.REDIS_URL,
    trustedProxies,
    issueApplicationToken,
    // Portico's credentials at external key managers (introspection, registration) are encrypted
    keyring: masterKeyring,
  }),
  () =>
    describeRestApi({
      title: "Portico Developer Portal API",
      version: "v1",
      serverUrl: `${settings.devportalUrl}${base}`,
      issuer: settings.PORTICO_ISSUER,
      routes: devportalRoutes,
    }),
);

export const devportalApi = { GET: handle, POST: handle, PUT: handle, PATCH: handle, DELETE: handle };
