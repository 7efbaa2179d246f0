import "server-only";
import {
  adminRoutes,
  createRestHandler,
  describeRestApi,
  publisherRoutes,
  type RestDeps,
  type Route,
} from "@portico/platform/rest";
import { AddressList } from "@portico/settings";
import { settings } from "./db";
import { platformSetup } from "./operations";

const trustedProxies = new AddressList(settings.PORTICO_TRUSTED_PROXIES);
const deps = (): RestDeps => ({ ...platformSetup, trustedProxies });

function restApi(base: string, title: string, routes: Route[]) {
  const handle = createRestHandler(base, routes, deps, () =>
    describeRestApi({
      title,
      version: "v1",
      serverUrl: `${settings.publisherUrl}${base}`,
      issuer: settings.PORTICO_ISSUER,
      routes,
    }),
  );
  return { GET: handle, POST: handle, PUT: handle, PATCH: handle, DELETE: handle };
}

export const publisherApi = restApi("/api/publisher/v1", "Portico Publisher API", publisherRoutes);
export const adminApi = restApi("/api/admin/v1", "Portico Admin API", adminRoutes);
