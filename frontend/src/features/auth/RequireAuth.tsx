import { useEffect, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Navigate, useLocation } from "react-router";
import { useI18n } from "@/features/i18n";
import { describeError } from "@/lib/api-error";
import { onSessionExpired } from "@/lib/http";
import { ME_KEY, useMe } from "./session";

function here(location: { pathname: string; search: string; hash: string }): string {
  return `${location.pathname}${location.search}${location.hash}`;
}

/** Shows its children to a signed-in user; anyone else goes to the login page and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const me = useMe();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    onSessionExpired(() => {
      setExpired(true);
      queryClient.setQueryData(ME_KEY, null);
    });
    return () => onSessionExpired(null);
  }, [queryClient]);

  if (me.isPending) return <p className="page-status">…</p>;
  // A failed refresh keeps the page: only a first load that failed has nothing to show.
  if (me.isError && me.data === undefined)
    return (
      <p className="page-status error" role="alert">
        {describeError(me.error, t)}{" "}
        <button onClick={() => void me.refetch()}>{t("table.retry")}</button>
      </p>
    );
  if (!me.data) {
    const next = encodeURIComponent(here(location));
    return <Navigate to={`/login?next=${next}${expired ? "&expired=1" : ""}`} replace />;
  }
  return <>{children}</>;
}
