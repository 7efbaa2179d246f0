import { z } from "zod";

const seconds = z
  .number()
  .int()
  .min(1)
  .max(365 * 24 * 3600);

/** The limits an admin sets, in seconds. */
export const tokenValidityFields = {
  applicationTokenDefault: seconds,
  applicationTokenMax: seconds,
  userTokenDefault: seconds,
  userTokenMax: seconds,
  refreshTokenDefault: seconds,
  refreshTokenMax: seconds,
  authorizationCodeTtl: z.number().int().min(10).max(600),
  idTokenTtl: seconds,
};

/** The limits as the admin API and page show them, with when they last changed. */
export const tokenValidityView = z.object({
  applicationTokenDefault: z.number(),
  applicationTokenMax: z.number(),
  userTokenDefault: z.number(),
  userTokenMax: z.number(),
  refreshTokenDefault: z.number(),
  refreshTokenMax: z.number(),
  authorizationCodeTtl: z.number(),
  idTokenTtl: z.number(),
  updatedAt: z.string(),
});

export function toTokenValidityView(
  row: Omit<z.infer<typeof tokenValidityView>, "updatedAt"> & { updatedAt: Date },
) {
  return tokenValidityView.parse({ ...row, updatedAt: row.updatedAt.toISOString() });
}
