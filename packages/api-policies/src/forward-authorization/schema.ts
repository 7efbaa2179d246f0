import { z } from "zod";

/** Whether the caller's Authorization header reaches the backend (never, by default). */
export const forwardAuthorizationSchema = z.boolean().default(false);
