import { RestScope } from "../auth/principal";
import { registerCertificateInput } from "../devportal/certificates/certificate-view";
import { listCertificates } from "../devportal/certificates/list-certificates";
import { registerCertificate } from "../devportal/certificates/register-certificate";
import { removeCertificate } from "../devportal/certificates/remove-certificate";
import type { Route } from "./router";

const p = (params: Record<string, string>, name: string) => params[name] ?? "";

/** An application's client certificates (RFC 8705) in the developer portal API (appended to devportalRoutes). */
export const certificateDevportalRoutes: Route[] = [
  {
    method: "GET",
    path: "/applications/{id}/certificates",
    tag: "Certificates",
    summary: "The application's client certificates for mutual TLS (RFC 8705)",
    scope: RestScope.appManage,
    handle: (ctx, r) => listCertificates(ctx, p(r.params, "id")),
  },
  {
    method: "POST",
    path: "/applications/{id}/certificates",
    tag: "Certificates",
    summary:
      "Register a PEM client certificate (at most 5; expired certificates, private keys and duplicates are refused)",
    scope: RestScope.appManage,
    body: registerCertificateInput,
    status: 201,
    handle: (ctx, r) => registerCertificate(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "DELETE",
    path: "/applications/{id}/certificates/{certificateId}",
    tag: "Certificates",
    summary: "Remove a client certificate; access tokens bound to it are revoked",
    scope: RestScope.appManage,
    status: 204,
    handle: (ctx, r) => removeCertificate(ctx, p(r.params, "id"), p(r.params, "certificateId")),
  },
];
