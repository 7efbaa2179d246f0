export { createPortalAuth, type PortalAuth, type PortalUser } from "./portal-auth";
