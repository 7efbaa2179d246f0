import { devportalApi } from "@/server/rest";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = devportalApi;
