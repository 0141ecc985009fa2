import { useState, type FormEvent } from "react";
import { useI18n } from "@/features/i18n";
import { describeError } from "@/lib/api-error";
import { useCreateAccount } from "./useAccounts";

/** A new reader or administrator, with a first password the administrator passes on. */
export function NewAccountForm({ teams, teamListId }: { teams: string[]; teamListId: string }) {
  const { t } = useI18n();
  const create = useCreateAccount();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [team, setTeam] = useState(teams[0] ?? "default");
  const [isAdmin, setIsAdmin] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    create.mutate(
      { username: username.trim(), password, team: team.trim() || "default", is_admin: isAdmin },
      {
        onSuccess: (account) => {
          setCreated(account.username);
          setUsername("");
          setPassword("");
          setIsAdmin(false);
        },
      },
    );
  };

  return (
    <form className="new-account" onSubmit={submit} aria-labelledby="new-account-title">
      <h2 id="new-account-title">{t("users.new")}</h2>
      <label>
        {t("users.username")}
        <input value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="off" />
      </label>
      <label>
        {t("users.firstPassword")}
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" />
      </label>
      <label>
        {t("users.team")}
        <input value={team} onChange={(e) => setTeam(e.target.value)} list={teamListId} required />
      </label>
      <label>
        {t("users.role")}
        <select value={isAdmin ? "admin" : "reader"} onChange={(e) => setIsAdmin(e.target.value === "admin")}>
          <option value="reader">{t("users.reader")}</option>
          <option value="admin">{t("users.admin")}</option>
        </select>
      </label>
      <button className="button primary" type="submit" disabled={create.isPending}>
        {t("users.create")}
      </button>
      <p className="muted small">{t("users.passwordHint")}</p>
      {create.isError && (
        <p className="error" role="alert">
          {describeError(create.error, t)}
        </p>
      )}
      {created && (
        <p className="notice" role="status">
          {t("users.created", { username: created })}
        </p>
      )}
    </form>
  );
}
