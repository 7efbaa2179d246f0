import "server-only";
import { createRestHandler, describeRestApi, devportalRoutes } from "@portico/platform/rest";
import { AddressList } from "@portico/settings";
import { settings } from "./db";
import { platformSetup } from "./operations";

const base = "/api/devportal/v1";
const trustedProxies = new AddressList(settings.PORTICO_TRUSTED_PROXIES);
const handle = createRestHandler(
  base,
  devportalRoutes,
  () => ({ ...platformSetup, trustedProxies }),
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
