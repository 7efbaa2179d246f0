export { adminRoutes } from "./admin-routes";
export { clientRegistrationRoutes } from "./client-registration-routes";
export { devportalRoutes } from "./devportal-routes";
export { identityProviderRoutes } from "./identity-provider-routes";
export { describeRestApi } from "./openapi";
export { policyRoutes } from "./policy-routes";
export { publisherRoutes } from "./publisher-routes";
export { createRestHandler, errorResponse, type RestDeps, type Route } from "./router";
export { signupRoutes } from "./signup-routes";
