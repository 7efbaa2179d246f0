export { logoutRoute } from "./logout-route";
export { createPortalAuth, type PortalAuth, type PortalUser } from "./portal-auth";
