import { useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { useI18n } from "@/features/i18n";
import { ApiError, describeError } from "@/lib/api-error";
import { useLogin, useMe } from "./session";

/** Only same-site paths are followed after login, so a crafted link cannot send users away. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function LoginPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const login = useLogin();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const next = safeNext(params.get("next"));

  if (me.data) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username, password }, { onSuccess: () => void navigate(next, { replace: true }) });
  };

  const error = login.error;
  // A refused sign-in is always a wrong name or password; other refusals say their own reason.
  const message =
    error instanceof ApiError && error.status === 401 ? t("error.badLogin") : error ? describeError(error, t) : null;

  return (
    <main className="login-page">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t("login.title")}</h1>
        <p className="muted">{t("app.subtitle")}</p>
        {params.get("expired") && !message && (
          <p className="notice" role="status">
            {t("login.expired")}
          </p>
        )}
        <label className="field">
          <span>{t("login.username")}</span>
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
            autoFocus
          />
        </label>
        <label className="field">
          <span>{t("login.password")}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </label>
        {message && (
          <p className="error" role="alert">
            {message}
          </p>
        )}
        <button className="primary" type="submit" disabled={login.isPending}>
          {login.isPending ? t("login.submitting") : t("login.submit")}
        </button>
      </form>
    </main>
  );
}
