import { useEffect } from "react";
import { NavLink, Outlet, useNavigate } from "react-router";
import { useLogout, useMe } from "@/features/auth";
import { DisclaimerGate } from "@/features/disclaimer";
import { LanguageSwitch, useI18n } from "@/features/i18n";
import { setSignedInReader } from "@/features/study";
import { ServiceNotice } from "@/components/ServiceNotice";
import { useWorkerDown } from "@/lib/useWorkerDown";
import { ThemeSwitch } from "./ThemeSwitch";

export function Layout() {
  const { t } = useI18n();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const workerDown = useWorkerDown();
  const reader = me.data?.id ?? null;
  useEffect(() => {
    setSignedInReader(reader); // the queued changes of this reader, and no one else's, are sent
    return () => setSignedInReader(null);
  }, [reader]);
  const signOut = () => {
    setSignedInReader(null);
    logout.mutate(undefined, { onSettled: () => void navigate("/login") });
  };

  return (
    <div className="app-shell">
      <nav className="top-nav">
        <span className="brand">
          {t("app.title")} <span className="muted small">{t("app.subtitle")}</span>
        </span>
        <NavLink to="/" end>{t("nav.worklist")}</NavLink>
        <NavLink to="/patients">{t("nav.patients")}</NavLink>
        <NavLink to="/upload">{t("nav.upload")}</NavLink>
        <NavLink to="/sessions">{t("nav.sessions")}</NavLink>
        <NavLink to="/pacs">{t("nav.pacs")}</NavLink>
        {me.data?.is_admin && <NavLink to="/users">{t("nav.users")}</NavLink>}
        {me.data?.is_admin && <NavLink to="/datasets">{t("nav.datasets")}</NavLink>}
        {me.data?.is_admin && <NavLink to="/folder-imports">{t("nav.folderImport")}</NavLink>}
        {me.data?.is_admin && <NavLink to="/models">{t("nav.models")}</NavLink>}
        {me.data?.is_admin && <NavLink to="/audit">{t("nav.audit")}</NavLink>}
        <div className="spacer" />
        <ThemeSwitch />
        <LanguageSwitch />
        {me.data && <span className="user">{me.data.username}</span>}
        <button className="link" onClick={signOut}>
          {t("nav.logout")}
        </button>
      </nav>
      {workerDown && <ServiceNotice text={t("service.workerDown")} />}
      <DisclaimerGate>
        <Outlet />
      </DisclaimerGate>
    </div>
  );
}
