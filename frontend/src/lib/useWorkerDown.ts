import { useQuery } from "@tanstack/react-query";
import { api } from "./api";

export const HEALTH_POLL_MS = 15_000;

/**
 * Whether the service reports that no analysis worker is running (asked every 15 s). Uploads are
 * still accepted then; they wait in the queue until a worker is back.
 */
export function useWorkerDown(): boolean {
  const health = useQuery({ queryKey: ["health"], queryFn: api.health, refetchInterval: HEALTH_POLL_MS });
  return health.data?.worker === "down";
}
